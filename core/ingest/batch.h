#pragma once
// A batch of parsed records on its way from the parse thread to the writer, and the bounded
// queue between them (so memory stays bounded whatever the input size).
#include "ingest/record.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace siphon::ingest {

struct Placement {
    int64_t offset = 0;
    int64_t length = 0;
    int64_t line = 0;
};

struct PendingRequest {
    RequestRecord rec;
    Placement at;
    std::string raw;
    std::string recordKey;   // natural key, or "content:<hex>"
    int64_t keyHash = 0;
    int64_t contentHash = 0;
    std::optional<int64_t> promptHash;
};

struct PendingBucket {
    BucketRecord rec;
    Placement at;
    std::string raw;
    int64_t keyHash = 0;
    int64_t contentHash = 0;
};

struct PendingReject {
    Placement at;
    std::string raw;          // capped
    bool truncated = false;
    std::string reason;
};

// Entity x time-bucket sums contributed by a batch's requests, sorted by key so the writer's
// upserts walk the rollup b-trees in order. The writer subtracts rows that turn out to be duplicates.
struct RollupDelta {
    int level = 0;
    std::string entity;
    int64_t bucket = 0;
    std::string model;   // empty for minute rollups
    int64_t requests = 0, input = 0, output = 0;
    auto key() const { return std::tie(level, entity, bucket, model); }
};

struct Batch {
    std::vector<PendingRequest> requests;
    std::vector<RollupDelta> hourRollups;     // sorted by key()
    std::vector<RollupDelta> minuteRollups;   // sorted by key()
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

private:
    mutable std::mutex mutex_;
    std::condition_variable notFull_, notEmpty_;
    std::deque<Batch> queue_;
    size_t capacity_;
    bool closed_ = false;
    bool aborted_ = false;
};

} // namespace siphon::ingest
