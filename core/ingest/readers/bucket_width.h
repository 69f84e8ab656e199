#pragma once
// Shared by the usage-report readers: the nominal width ('1m' | '1h' | '1d') of a bucket when
// its bounds are exactly one such unit and aligned to it; '' otherwise (a first bucket that
// starts at the requested start time, or a last one truncated at "now").
#include <cstdint>
#include <string>

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

} // namespace siphon::ingest
