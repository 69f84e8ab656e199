#pragma once
// Hand-built entity profiles for the analysis tests.
#include "analysis/detector_config.h"
#include "analysis/profile_accumulator.h"

#include <string>
#include <vector>

namespace siphon::test {

constexpr int64_t kT0 = 1767571200LL * 1'000'000;   // 2026-01-05T00:00:00Z, a Monday
constexpr int64_t kMin = 60'000'000LL;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kDay = 24 * kHour;

inline analysis::RequestRow row(int64_t ts, int64_t in = 100, int64_t out = 100) {
    analysis::RequestRow r;
    r.tsUs = ts;
    r.precisionUs = 1000;
    r.inputTokens = in;
    r.outputTokens = out;
    return r;
}

// A distinct alphabetic word for every n (no digits, so it survives digit folding).
inline std::string word(int n) {
    std::string w = "w";
    for (int i = 0; i < 5; ++i) {
        w.push_back(static_cast<char>('a' + (n % 26)));
        n = n / 26 + i * 7 + 3;
    }
    return w;
}

// Feeds rows (already in time order) and returns the finished profile.
inline analysis::EntityProfile profileOf(const std::vector<analysis::RequestRow>& rows, int64_t datasetStart = kT0,
                                         std::vector<analysis::HourPoint>* hours = nullptr) {
    static const analysis::DetectorConfig cfg = analysis::defaultDetectorConfig();
    analysis::ProfileAccumulator acc(cfg, "e", datasetStart, static_cast<int64_t>(rows.size()));
    for (const auto& r : rows) acc.add(r);
    return acc.finish(hours);
}

} // namespace siphon::test
