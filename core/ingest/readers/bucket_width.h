#pragma once
// Shared by the usage-report readers: the nominal width ('1m' | '1h' | '1d') of a bucket when
// its bounds are exactly one such unit and aligned to it; '' otherwise (a first bucket that
// starts at the requested start time, or a last one truncated at "now").
#include "ingest/readers/json_access.h"

#include <simdjson.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace siphon::ingest {

inline std::string nominalBucketWidth(int64_t startUs, int64_t endUs) {
    constexpr int64_t kSecond = 1'000'000;
    for (auto [unit, name] : {std::pair<int64_t, const char*>{60 * kSecond, "1m"},
                              {3600 * kSecond, "1h"},
                              {86400 * kSecond, "1d"}}) {
        if (endUs - startUs == unit && startUs % unit == 0) return name;
    }
    return {};
}

// The pull's group-by set: the dimensions (in the given sorted order) that any result carries.
// In usage reports an absent/null dimension means "not grouped by it", not "unknown".
inline std::string groupByOf(simdjson::dom::array results, std::span<const std::string_view> dimensions) {
    std::string groupBy;
    for (std::string_view dim : dimensions) {
        for (simdjson::dom::element result : results) {
            if (!json::has(result, dim)) continue;
            if (!groupBy.empty()) groupBy += ',';
            groupBy += dim;
            break;
        }
    }
    return groupBy;
}

} // namespace siphon::ingest
