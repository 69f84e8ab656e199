#pragma once
// The copying half of writing a review case (review_case.h): from the master, attached to the new
// review case's connection as schema "master", into the review case's own tables, ids kept. Rows
// move inside SQLite; record bytes stream one record at a time, so memory stays flat whatever the
// tagged set's size. Run inside one transaction of the review case. Thread: the caller's.
#include "evidence/tags.h"
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence::review_copy {

// temp.review_ids (records), temp.review_entities and temp.review_clusters from the master's
// active tags: the records collectEvidence takes for them (evidence_set.h), each once.
Status selectTagged(store::Database& review, const std::vector<Tag>& activeTags);

// Every source file, label, tag, tag note, audit entry, analysis run, skipped input and
// warehouse extract: the case-wide record the integrity check compares against the chain.
Status copyCaseRecord(store::Database& review);
// The selected requests (rows, response text, joined events), the entities (scores, features,
// totals, day rollups) and the clusters (members, edges).
Status copySelection(store::Database& review);

struct StoredBytes {
    int64_t records = 0;
    std::string digest; // review_case.h
};
// Each record's exact bytes (and its joined event's), read through the master's own connection
// (its source blocks), into request_raw_copy / request_join.raw_copy, and their SHA-256 into
// review_record.
Result<StoredBytes> storeRecordBytes(store::Database& review, const store::Database& master);

// SHA-256 over "id:sha256\n" of every source file, by id.
Result<std::string> sourcesDigest(const store::Database& db);

} // namespace siphon::evidence::review_copy
