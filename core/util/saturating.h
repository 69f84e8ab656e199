#pragma once
// Token and request totals add up counts that an adversary wrote into the logs. Usage buckets may
// each state up to 10^15 tokens (ingest/plausible_counts.h), and cases written before that check
// may hold 2^63 - 1, so a plain int64 sum can wrap negative. These sums stop at the int64 limits
// instead; a total equal to kSaturated means "at least this much", and the outputs say so.
#include <cstdint>
#include <limits>

namespace siphon {

inline constexpr int64_t kSaturated = std::numeric_limits<int64_t>::max();

constexpr int64_t saturatingAdd(int64_t a, int64_t b) {
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kSaturated : std::numeric_limits<int64_t>::min();
    return sum;
}

// total += value, stopping at the int64 limits.
constexpr void addSaturating(int64_t& total, int64_t value) { total = saturatingAdd(total, value); }

// True when a total reached the limit and is a lower bound, not an exact count.
constexpr bool isSaturated(int64_t total) { return total == kSaturated; }

} // namespace siphon
