#pragma once
// The write side of an import: inserts one batch per transaction with deduplication, rejects,
// rollups and the file's progress marker, so a kill between batches leaves a resumable case.
// A batch arrives in chunks; the transaction opens with the first and commits with the last.
#include "ingest/batch.h"
#include "store/database.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace siphon::ingest {

struct WriteCounts {
    int64_t records = 0;
    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;
    int64_t duplicates = 0;
};

class RecordKeySet;
class EntityIdCache;

// What the writers of one import run share across its files.
// Deduplication of a run into an empty case, in memory while `keys` is set (see dedup_index.h).
// The writer that finds the set full builds the index and clears `keys` for the rest of the run.
// `names` keeps the case ids of entity and model names resolved by earlier files (may be null).
struct MemoryDedup {
    RecordKeySet* keys = nullptr;
    EntityIdCache* names = nullptr;
};

class BatchWriter {
public:
    BatchWriter(store::Database& db, int64_t sourceId, std::string format, MemoryDedup* dedup = nullptr);
    ~BatchWriter();
    // Owns prepared statements and possibly an open transaction: neither copied nor moved.
    BatchWriter(const BatchWriter&) = delete;
    BatchWriter& operator=(const BatchWriter&) = delete;

    Status prepare();
    // Run after every BEGIN and before every COMMIT of a batch's transaction (the import writes
    // its source row in the first).
    void setTransactionHooks(std::function<Status()> afterBegin, std::function<Status()> beforeCommit);
    // Rows and source_file counters/committed_offset of one chunk, and the rollups it carries; on
    // a batch's last chunk also the entity totals, then the commit. A writer destroyed with a
    // batch open rolls it back.
    Result<WriteCounts> write(Batch& chunk);
    // Records conflicts (same key, different content) for this file; returns how many rows conflict.
    // While deduplicating in memory there is no index to find them by: the run records them at its end.
    Result<int64_t> finishConflicts();

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

} // namespace siphon::ingest
