#pragma once
// Sums per rollup key in an open-addressing hash table: one flat array, no allocation per key,
// because the parse thread updates ten keys for every request it reads.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace siphon::ingest {

// Entity and model are name ids local to one import (see RollupBuilder); bucket is the hour or
// minute start in microseconds.
struct RollupKey {
    int32_t level = 0;
    int32_t entity = 0;
    int32_t model = 0;
    int64_t bucket = 0;
    bool operator==(const RollupKey&) const = default;
};

struct RollupSums {
    int64_t requests = 0, input = 0, output = 0;
};

struct RollupDelta {
    RollupKey key;
    RollupSums sums;
};

class RollupTable {
public:
    RollupSums& at(const RollupKey& key);
    size_t size() const { return size_; }
    // Appends every key's sums to `out` (in no particular order) and empties the table.
    void drainInto(std::vector<RollupDelta>& out);

private:
    void grow();
    static size_t hash(const RollupKey& k);

    std::vector<RollupDelta> slots_;   // a slot with sums.requests == 0 is free
    size_t size_ = 0;
};

} // namespace siphon::ingest
