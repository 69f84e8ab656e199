#pragma once
// A chunk of parsed records on its way from the parse thread to the writer, and the bounded
// queue between them (so memory stays bounded whatever the input size). One transaction (a
// "batch" in ImportOptions) spans one or more chunks; the last, and any chunk after which the
// parse thread's rollup sums reached their memory cap, carry the rollups counted up to them.
#include "ingest/record.h"
#include "ingest/rollup_builder.h"
#include "ingest/source_capture.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace siphon::ingest {

struct Placement {
    int64_t offset = 0;
    int64_t length = 0;
    int64_t line = 0;
};

// Where a prompt or response sits verbatim inside the raw record; at < 0 when it does not (its
// text then travels in the record and is stored as text).
struct RawSlice {
    int64_t at = -1;
    int64_t length = 0;
};

struct PendingRequest {
    RequestRecord rec;
    RawSlice responseSlice;   // when set, rec.response is left empty
    bool hasContent = false;
    Placement at;
    // The record's bytes are read back from the source blocks; only a record whose bytes are not
    // verbatim in the stream (rare) carries a copy of its own.
    bool rawVerbatim = true;
    std::string rawCopy;
    std::string recordKey;   // "content:<hex>" when the record has no natural key (else rec.recordKey)
    int64_t keyHash = 0;
    int64_t contentHash = 0;
    std::optional<int64_t> promptHash;
    RollupIds rollupIds;     // what the request added to the rollups, to take a duplicate back out
};

struct PendingBucket {
    BucketRecord rec;
    Placement at;
    // The record's bytes, shared by every bucket read from it: a usage page holds thousands of
    // results, and a copy per bucket grew as results x page size (16 GB for 9,300 results).
    std::shared_ptr<const std::string> raw;
    int64_t keyHash = 0;
    int64_t contentHash = 0;
};

struct PendingReject {
    Placement at;
    std::string raw;          // capped
    bool truncated = false;
    std::string reason;
};

struct Batch {
    std::vector<SourceBlock> blocks;          // the input's bytes up to the batch's last record
    std::vector<PendingRequest> requests;
    std::vector<std::string> newNames;        // entity/model names interned since the previous chunk
    // Set on the last chunk of a transaction. That chunk, and any other whose `rollups` are not
    // empty, carries the rollup sums (packed per day and entity) of the requests in it and in the
    // chunks since the previous one that carried sums, including rows the writer finds duplicates.
    bool endsTransaction = false;
    RollupPacks rollups;
    std::vector<PendingBucket> buckets;
    std::vector<PendingReject> rejects;
    int64_t records = 0;          // input records covered by this batch
    int64_t lastOffset = -1;      // offset of the last record in the batch
    uint64_t storedBytesRead = 0; // progress marker
    size_t bytes = 0;             // raw + text bytes held, to bound memory
    size_t rows() const { return requests.size() + buckets.size() + rejects.size(); }
};

class BatchQueue {
public:
    explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

    // Blocks while full. Returns false when the consumer has aborted.
    bool push(Batch&& batch) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return queue_.size() < capacity_ || aborted_; });
        if (aborted_) return false;
        queue_.push_back(std::move(batch));
        notEmpty_.notify_one();
        return true;
    }
    // Blocks until a batch or the end. nullopt at the end.
    std::optional<Batch> pop() {
        std::unique_lock lock(mutex_);
        notEmpty_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return std::nullopt;
        Batch b = std::move(queue_.front());
        queue_.pop_front();
        notFull_.notify_one();
        return b;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        notEmpty_.notify_all();
    }
    void abort() {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        notFull_.notify_all();
    }
    bool aborted() const {
        std::lock_guard lock(mutex_);
        return aborted_;
    }
    // The writer hands back batches it has written; the parse thread frees them (dropRetired), in
    // the malloc arena their strings came from, and off the writer thread, which is the bottleneck.
    void retire(Batch&& batch) {
        std::lock_guard lock(mutex_);
        retired_.push_back(std::move(batch));
    }
    void dropRetired() {
        std::deque<Batch> dead;
        {
            std::lock_guard lock(mutex_);
            dead.swap(retired_);
        }
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable notFull_, notEmpty_;
    std::deque<Batch> queue_;
    std::deque<Batch> retired_;
    size_t capacity_;
    bool closed_ = false;
    bool aborted_ = false;
};

} // namespace siphon::ingest
