#pragma once
// Brings a reviewer's tags, untags and notes from a review case (review_case.h) back into the
// master it was cut from, each as an ordinary tag/untag/note audit entry under the reviewer's
// name whose payload says where it came from ("review": review id, review seq and hash, reviewer,
// time in the review, who merged). Never resolves a conflict: a change to a tag the master changed
// since the cut (a note on a tag the master removed, a removal of a tag the master noted or
// removed) is listed and left out, as is a reviewer's bulk tag (not replayed). Merging again adds
// nothing: entries already merged are known by their review seq. A "merge-review" entry by the
// merging examiner sums each merge up.
#include "evidence/review_guard.h"
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

class QJsonArray;

namespace siphon::evidence {

struct MergeConflict {
    int64_t reviewSeq = 0;
    std::string action; // tag | untag | note
    std::string reviewer;
    int64_t tagId = 0; // the master's tag id (the review's for a tag the master lacks)
    std::string reason; // a sentence
};

struct MergeSummary {
    ReviewOrigin origin;
    int64_t merged = 0, alreadyMerged = 0;
    std::vector<std::string> mergedLines; // "seq 14 tag by Rita: tag 9 (suspected) on account evil-1"
    std::vector<MergeConflict> conflicts;
};

// Refuses (Verify) a review case that fails its own check or was not cut from this master (its
// cut head is not in the master's chain at the cut seq, or the master has no review-case-export
// entry of its id). Usage error for a file that is not a review case.
Result<MergeSummary> mergeReview(store::Database& master, const store::Database& review, const std::string& mergedBy);

// The conflicts as JSON objects (review_seq, action, reviewer, tag_id, reason), for the audit
// entry and the CLI.
QJsonArray conflictsJson(const std::vector<MergeConflict>& conflicts);

} // namespace siphon::evidence
