#include "ingest/rollup_table.h"

namespace siphon::ingest {

size_t RollupTable::hash(const RollupKey& k) {
    uint64_t h = static_cast<uint64_t>(k.bucket) * 0x9E3779B97F4A7C15ULL;
    h ^= (static_cast<uint64_t>(static_cast<uint32_t>(k.entity)) * 0xC2B2AE3D27D4EB4FULL) ^
         (static_cast<uint64_t>(static_cast<uint32_t>(k.model)) << 40) ^ static_cast<uint64_t>(k.level);
    return static_cast<size_t>(h ^ (h >> 31));
}

RollupSums& RollupTable::at(const RollupKey& key) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();   // keep the load under 3/4
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        RollupDelta& s = slots_[i];
        if (s.sums.requests == 0) {
            s.key = key;
            ++size_;
            return s.sums;
        }
        if (s.key == key) return s.sums;
    }
}

void RollupTable::grow() {
    std::vector<RollupDelta> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, RollupDelta{});
    const size_t mask = slots_.size() - 1;
    for (const RollupDelta& d : old) {
        if (d.sums.requests == 0) continue;
        size_t i = hash(d.key) & mask;
        while (slots_[i].sums.requests != 0) i = (i + 1) & mask;
        slots_[i] = d;
    }
}

void RollupTable::drainInto(std::vector<RollupDelta>& out) {
    out.reserve(out.size() + size_);
    // The table keeps its size for the next transaction, which needs about as many keys.
    for (RollupDelta& d : slots_) {
        if (d.sums.requests == 0) continue;
        out.push_back(d);
        d.sums = RollupSums{};   // empty, and zero for the next key that lands here
    }
    size_ = 0;
}

} // namespace siphon::ingest
