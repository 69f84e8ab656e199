#pragma once
// The copying half of writing a review case (review_case.h): from the master, attached to the
// new review case's connection as schema "master", into the review case's own tables, ids kept.
// Run inside one transaction of the review case. Thread: the caller's.
#include "evidence/evidence_set.h"
#include "store/database.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace siphon::evidence::review_copy {

// What the tags cover: each record once (by request row id), the entities and clusters.
struct Selection {
    std::map<int64_t, const EvidenceRecord*> records;
    std::set<std::pair<int, std::string>> entities;   // (level, name)
    std::set<int64_t> clusters;
};
Selection selectTagged(const EvidenceSet& set);

// Every source file, label, tag, tag note, audit entry, analysis run, skipped input and
// warehouse extract: the case-wide record the integrity check compares against the chain.
Status copyCaseRecord(store::Database& review);
// The selected requests (rows, response text, joined events), the entities (scores, features,
// totals, day rollups) and the clusters (members, edges).
Status copySelection(store::Database& review, const Selection& sel);
// Each record's exact bytes into request_raw_copy and its SHA-256 into review_record; returns the
// records digest (review_case.h).
Result<std::string> storeRecordBytes(store::Database& review, const Selection& sel);
// SHA-256 over "id:sha256\n" of every source file, by id.
Result<std::string> sourcesDigest(const store::Database& db);

} // namespace siphon::evidence::review_copy
