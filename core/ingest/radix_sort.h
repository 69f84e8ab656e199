#pragma once
// LSD radix sort of (64-bit key, payload) pairs, 16 bits per pass, skipping digits all keys share.
// The rollup packer sorts a few hundred thousand keys per transaction; a comparison sort was most
// of its time.
#include <array>
#include <cstdint>
#include <vector>

namespace siphon::ingest {

template <typename Item, typename KeyOf>
void radixSort(std::vector<Item>& items, KeyOf keyOf) {
    if (items.size() < 2) return;
    std::vector<Item> scratch(items.size());
    uint64_t differing = 0;
    const uint64_t first = keyOf(items.front());
    for (const Item& it : items) differing |= keyOf(it) ^ first;
    for (int shift = 0; shift < 64; shift += 16) {
        if (((differing >> shift) & 0xFFFF) == 0) continue;   // every key has the same digit here
        std::array<uint32_t, 65537> start{};
        for (const Item& it : items) ++start[((keyOf(it) >> shift) & 0xFFFF) + 1];
        for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
        for (const Item& it : items) scratch[start[(keyOf(it) >> shift) & 0xFFFF]++] = it;
        items.swap(scratch);
    }
}

} // namespace siphon::ingest
