#pragma once
// Totals that reached the int64 limit (util/saturating.h) are lower bounds, not counts: the
// listing keeps the number (scripts read it) and stderr says what it means.
#include "util/saturating.h"

#include <cstddef>
#include <cstdio>
#include <initializer_list>

namespace siphon::cli {

// How many of these totals stopped at the limit.
inline size_t countSaturated(std::initializer_list<int64_t> totals) {
    size_t n = 0;
    for (int64_t t : totals) n += isSaturated(t) ? 1 : 0;
    return n;
}

inline void warnSaturated(size_t saturated) {
    if (saturated == 0) return;
    std::fprintf(stderr,
                 "warning: %zu total(s) reached %lld, the largest count Siphon keeps: the logs state more than that, "
                 "so read them as \"at least\"\n",
                 saturated, static_cast<long long>(kSaturated));
}

} // namespace siphon::cli
