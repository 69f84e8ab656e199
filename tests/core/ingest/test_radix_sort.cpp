// The radix sort the rollup packer uses orders exactly as std::stable_sort on the same keys.
#include <catch2/catch.hpp>

#include "ingest/radix_sort.h"

#include <algorithm>
#include <random>

using siphon::ingest::radixSort;

namespace {
struct Item {
    uint64_t key;
    uint32_t payload;
};

void checkSorted(std::vector<Item> items) {
    auto expected = items;
    std::stable_sort(expected.begin(), expected.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
    radixSort(items, [](const Item& i) { return i.key; });
    REQUIRE(items.size() == expected.size());
    for (size_t i = 0; i < items.size(); ++i) {
        CHECK(items[i].key == expected[i].key);
        CHECK(items[i].payload == expected[i].payload);   // stable: equal keys keep their order
    }
}
} // namespace

TEST_CASE("radixSort orders like a stable sort, on any digits", "[ingest][sort]") {
    std::mt19937_64 rng(42);
    std::vector<Item> wide, narrow, high;
    for (uint32_t i = 0; i < 5000; ++i) {
        wide.push_back({rng(), i});
        narrow.push_back({rng() % 7, i});              // many equal keys, one digit in use
        high.push_back({(rng() % 5) << 60 | 3, i});    // only the top digit differs
    }
    checkSorted(wide);
    checkSorted(narrow);
    checkSorted(high);
    checkSorted({});
    checkSorted({{UINT64_MAX, 1}, {0, 2}, {UINT64_MAX, 3}});
}
