#pragma once
// Hand-built entity profiles for the analysis tests.
#include "analysis/detector_config.h"
#include "analysis/profile_accumulator.h"

#include <cmath>
#include <cstdint>
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

// Jobs arriving at random (exponential gaps, mean meanGapUs; a fixed LCG so every run is the same)
// from startUs: what a dispatcher deals out in turn when its work comes as it comes.
inline std::vector<int64_t> randomArrivals(int64_t startUs, double meanGapUs, int count, uint64_t seed) {
    std::vector<int64_t> out;
    double t = static_cast<double>(startUs);
    for (int i = 0; i < count; ++i) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = (static_cast<double>(seed >> 11) + 0.5) / 9007199254740992.0;   // (0, 1)
        t += -std::log(u) * meanGapUs;
        out.push_back(static_cast<int64_t>(t));
    }
    return out;
}

} // namespace siphon::test
