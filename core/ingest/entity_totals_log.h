#pragma once
// Entity totals of an import run, added once per run instead of once per transaction. A narrow log
// touches about one existing entity per request in every transaction (most keys and IPs recur
// each day), and updating those `entity` rows was the largest part of the writer. Each
// transaction instead appends its sums of existing entities to `entity_totals_pending`, one blob
// (sequential, in the transaction that commits its rows); the run adds the log to `entity` at its
// end, or when it holds kApplyAfterDeltas, and deletes what it added in the same transaction, so
// every blob counts exactly once. A killed run's blobs are added by the next import first.
// Until then an entity's totals lack the sums still in the log; its rollup_day rows are exact.
#include "ingest/entity_totals_update.h"
#include "store/database.h"

#include <string>
#include <string_view>
#include <vector>

namespace siphon::ingest {

using EntityTotalsDelta = EntityTotalsUpdate::Add;

// Blob layout: a format byte, then per delta in ascending id order varints of: id step, zigzag
// requests, input, output, first hour (zigzag hours since the epoch, then the remainder in µs)
// and last hour (zigzag hours after the first, remainder). `deltas` sorted by unique id.
void encodeTotalsDeltas(const std::vector<EntityTotalsDelta>& deltas, std::string& out);
// Appends the blob's deltas; false (out then holds an unspecified prefix) when it is not valid.
bool decodeTotalsDeltas(std::string_view blob, std::vector<EntityTotalsDelta>& out);

class EntityTotalsLog {
public:
    explicit EntityTotalsLog(store::Database& db) : db_(db) {}
    Status prepare();
    // Within the caller's transaction: logs one transaction's sums (merged by id), and adds the
    // whole log to `entity` once it holds kApplyAfterDeltas.
    Status append(std::vector<EntityTotalsDelta>& deltas);
    // Within the caller's transaction: adds every logged blob (this run's and any killed run's)
    // to `entity` and deletes it.
    Status applyAll();

    // Bounds the log (about 13 bytes a delta) and the memory applying it takes.
    static constexpr size_t kApplyAfterDeltas = 1'000'000;
    static constexpr size_t kDeltasPerApply = 100'000;

private:
    Status applyBlobs(std::vector<EntityTotalsDelta>& deltas, int64_t throughId);
    Status stageDeltas(const std::vector<EntityTotalsDelta>& deltas);

    store::Database& db_;
    store::Statement insert_;
    size_t logged_ = 0;   // deltas appended since the last applyAll
};

// In a transaction of its own: adds the whole log to `entity` (an import calls it before its
// first file, for a killed run's blobs, and after its last).
Status applyEntityTotalsLog(store::Database& db);

} // namespace siphon::ingest
