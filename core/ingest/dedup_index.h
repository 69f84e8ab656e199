#pragma once
// The unique index request_dedup(key_hash, content_hash) during bulk import. An import into a case
// with no requests drops it, deduplicates in memory (RecordKeySet) and builds it once at the end:
// a sorted build instead of a million random updates. A meta flag marks the case meanwhile; a run
// killed before the end leaves the flag, and the next import restores index and conflicts first.
#include "store/database.h"

#include <cstdint>
#include <vector>

namespace siphon::ingest {

// True when the case holds no requests: the index is dropped and the flag set (committed).
Result<bool> beginDeferredDedup(store::Database& db);
// Builds the index if missing (within the caller's transaction, if any).
Status buildDedupIndex(store::Database& db);
// After a deferred run: builds the index, records conflicts for `conflictKeys` (keys imported with
// more than one content), recounts conflicts of `sources`, and clears the flag.
Status finishDeferredDedup(store::Database& db, const std::vector<int64_t>& conflictKeys,
                           const std::vector<int64_t>& sources);
// When an earlier run was killed while deferred: builds the index and recomputes every conflict.
Status restoreInterruptedDedup(store::Database& db);

} // namespace siphon::ingest
