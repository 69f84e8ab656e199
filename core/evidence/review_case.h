#pragma once
// A portable review case: a standalone *.siphon holding only what is tagged (the tagged entities,
// clusters and ranges and their records, raw bytes included), every tag and note, the master's
// whole audit chain, and every source file's hash — for a reviewer who is not the examiner.
//
// It is read-only for evidence (review_guard.h): no import, no analysis, no record can change.
// The reviewer adds tags and notes, audited in the review case's own chain, which continues the
// master's: its first new entry, "review-case", names the cut (the master's head, the records'
// and sources' digests), and the master gets a "review-case-export" entry with the same review id.
// review_merge.h brings the reviewer's tags and notes back; review_verify.h checks a review case.
#include "evidence/review_guard.h"
#include "store/database.h"

#include <cstdint>
#include <string>

namespace siphon::evidence {

struct ReviewCaseOptions {
    std::string outPath; // must not exist
    std::string examiner; // author of both audit entries
};

struct ReviewCaseSummary {
    ReviewOrigin origin;
    int64_t tags = 0, sources = 0;
};

// Writes the review case and appends "review-case-export" to the master. The master must pass
// its integrity check first (the caller checks, as export does). Nothing is left behind on error.
Result<ReviewCaseSummary> writeReviewCase(store::Database& master, const ReviewCaseOptions& options);

// One record's line in the records digest (SHA-256 over these lines, by id): "id:sha256\n", or
// "id:sha256:joined_sha256\n" for a call whose second log record was joined into it.
std::string reviewRecordLine(int64_t requestRowId, const std::string& sha256, const std::string& joinedSha256);

} // namespace siphon::evidence
