#pragma once
// Indexes the UI builds on demand (never at import, so imports stay fast): the FTS5 index over
// prompts (request_fts, external content = request_content) and per-level request indexes
// (request_<column>_ts, as the analyzer names them) that make "requests of this entity" a range scan.
// These write to the case: call them with the writer connection, on a worker thread.
// Incremental: only prompts added since the last build are indexed (watermark in meta).
#include "store/database.h"
#include "store/entity_level.h"

#include <atomic>
#include <cstdint>
#include <functional>

namespace siphon::query {

struct PromptIndexState {
    bool exists = false;
    int64_t indexedUpTo = 0;     // request id watermark
    int64_t latestContentId = 0; // max(request_content.request_id)
    bool ready() const { return exists && indexedUpTo >= latestContentId; }
};

Result<PromptIndexState> promptIndexState(const store::Database& db);

// Indexes the prompts not indexed yet, in batches of batchRows (one transaction each).
// progress(done, total) after each batch; cancel is checked between batches (Error Cancelled).
Status buildPromptIndex(store::Database& writer, const std::atomic<bool>* cancel = nullptr,
                        const std::function<void(int64_t done, int64_t total)>& progress = {},
                        int64_t batchRows = 20000);

// CREATE INDEX IF NOT EXISTS request_<column>_ts ON request(<column>, ts_start_us).
Status ensureRequestLevelIndex(store::Database& writer, EntityLevel level);

} // namespace siphon::query
