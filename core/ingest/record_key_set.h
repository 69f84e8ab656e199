#pragma once
// Deduplication in memory, for an import into a case that holds no requests yet: the case's unique
// index on (key_hash, content_hash) is dropped for the run and built once at its end, because
// updating it row by row (random keys) cost a third of the writer thread. This set answers the same
// questions exactly: is this record a duplicate (and of which row), and does its key already name
// other content (a conflict). It stops taking entries at a cap, so memory stays bounded; the
// import then builds the index and goes on with it.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace siphon::ingest {

class RecordKeySet {
public:
    explicit RecordKeySet(size_t maxEntries) : max_(maxEntries) {}
    // The table's size when it holds `maxEntries` (at most 3/4 full).
    static size_t bytesAtCap(size_t maxEntries) { return maxEntries * 4 / 3 * sizeof(Slot); }

    // The row id holding exactly (key, content), or 0.
    int64_t find(int64_t key, int64_t content);
    // Starts loading the slot where a lookup of `key` begins: the table is far larger than the
    // caches, so each lookup would otherwise wait on memory.
    void prefetch(int64_t key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
    }
    // Remembers a newly inserted row. Returns true when the key was already held with other content.
    bool add(int64_t key, int64_t content, int64_t rowId);
    bool full() const { return size_ >= max_; }
    size_t maxEntries() const { return max_; }
    // A row id the set cannot hold was added: the set no longer knows every row.
    bool badId() const { return badId_; }
    size_t size() const { return size_; }
    // Keys seen with more than one content, in the order found (may repeat).
    const std::vector<int64_t>& conflictKeys() const { return conflictKeys_; }
    // Frees the table (the conflict keys stay) once the index has taken over.
    void releaseMemory() {
        std::vector<Slot>().swap(slots_);
        size_ = 0;
        last_.valid = false;
    }

private:
    // 20 bytes: the set holds up to a million or two of these. Row ids of a case that started
    // empty stay far below 2^32 while the set is in use (it stops at its cap).
#pragma pack(push, 4)
    struct Slot {
        int64_t key = 0;
        int64_t content = 0;
        uint32_t rowId = 0;   // 0: empty (row ids start at 1)
    };
#pragma pack(pop)
    size_t home(int64_t key) const;
    size_t next(size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
    void grow();

    // Where the last find() stopped, so the add() of the same row that follows needs no probe.
    struct LastProbe {
        int64_t key = 0, content = 0;
        size_t slot = 0;
        bool sawKey = false;
        bool valid = false;
    };
    LastProbe last_;
    std::vector<Slot> slots_;
    size_t size_ = 0;
    size_t max_;
    bool badId_ = false;
    std::vector<int64_t> conflictKeys_;
};

} // namespace siphon::ingest
