#pragma once
// A portable review case (review_case.h) is read-only for evidence: its records, sources and
// analysis can never change, while a reviewer may still tag and note. The case file enforces it
// itself, with triggers that refuse every INSERT, UPDATE and DELETE on the evidence tables, so no
// code path (import, analysis, a sqlite3 shell) can change them; callers check first to say why.
//
// A review case is marked by its `review_origin` row: where it was cut from (the master's chain
// head at the cut), when, and digests of its records and sources. Ordinary cases have no such table.
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ReviewOrigin {
    std::string reviewId; // UUID, also in the master's "review-case-export" audit entry
    std::string masterName; // file name of the master case (for people; never trusted)
    int64_t cutSeq = 0; // the master's last audit entry copied into the review case
    std::string cutHeadHash; // its hash
    int64_t maxTagId = 0; // tags up to this id are the master's (same ids in both)
    int64_t cutAtUs = 0;
    int64_t records = 0;
    std::string recordsDigest; // SHA-256 over "id:sha256\n" of every record, by id
    std::string sourcesDigest; // SHA-256 over "id:sha256\n" of every source file, by id
};

// The tables a review case freezes (every table but tag, tag_note, label and audit_log, which has
// its own append-only triggers).
const std::vector<std::string>& reviewFrozenTables();

// Creates review_origin / review_record and the triggers. Run once, on the new review case, after
// its evidence is copied and origin written (review_case.cpp).
Status createReviewTables(store::Database& db);
Status freezeReviewEvidence(store::Database& db);

// nullopt for an ordinary case.
Result<std::optional<ReviewOrigin>> loadReviewOrigin(const store::Database& db);

// A ReadOnly error naming `what` ("import", "analysis") when db is a review case.
Status refuseInReviewCase(const store::Database& db, const std::string& what);

} // namespace siphon::evidence
