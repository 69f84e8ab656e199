#pragma once
// Bulk tagging by a filter: every request of one entity, optionally within a time range and whose
// prompt matches a search (the requests view's filter, query/request_query.h), tagged in ONE
// audited action. Each request gets its own tag row (so reports, exports and untag treat them as
// any request tag); one "bulk-tag" audit entry records the filter, the label, the note and every
// (tag id, request id) pair it made — the list of requests it covered. The integrity check
// (integrity_tags.cpp) holds each such row against its place in that entry.
// Thread: the caller's; db is a writer connection (the prompt index is built first when needed).
#include "evidence/tags.h"
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

struct BulkTagFilter {
    EntityLevel level = EntityLevel::Account;
    std::string entity; // required
    std::optional<int64_t> fromUs, toUs; // half-open [from, to)
    std::string search; // words in the prompt (FTS), empty = any prompt
};

struct BulkTagResult {
    int64_t auditSeq = 0;
    std::vector<std::pair<int64_t, int64_t>> tags; // (tag id, request row id), by request time
};

// Usage error when nothing matches (no tag, no entry), the filter is incomplete, or it matches
// more requests than one action may list (maxRequests): a bulk tag is never silently partial.
Result<BulkTagResult> bulkTag(store::Database& db, const BulkTagFilter& filter, const std::string& labelName,
                              const std::string& note, const std::string& author, int64_t maxRequests = 1'000'000);

// The "bulk-tag" entry's item for one tag, as the per-tag payload a "tag" entry would carry
// (tag_id, label, note, target): what the integrity check compares a row with.
std::vector<QJsonObject> bulkTagItems(const QJsonObject& bulkPayload);

} // namespace siphon::evidence
