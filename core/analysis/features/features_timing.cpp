// Timing-shaped features: hour-of-week spread, round-the-clock days, inter-arrival regularity, pacing.
#include "analysis/features/features.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace siphon::analysis {

FeatureValue featureHourOfWeekEntropy(const EntityProfile& p) {
    FeatureValue f{"hour_of_week_entropy", std::nullopt, {}};
    double total = 0;
    for (double v : p.hourOfWeek) total += v;
    if (!p.haveHourly || total < 24 || (p.requestsKnown && p.requests < 24)) {
        f.sentence = p.haveHourly ? "hour-of-week pattern not available (too little traffic)"
                                  : "hour-of-week pattern not available (buckets wider than an hour)";
        return f;
    }
    double h = 0;
    for (double v : p.hourOfWeek)
        if (v > 0) h -= (v / total) * std::log2(v / total);
    f.value = h;
    char buf[128];
    std::snprintf(buf, sizeof buf, "hour-of-week entropy %.1f bits (uniform 24/7 = 7.4)", h);
    f.sentence = buf;
    return f;
}

FeatureValue featureAroundTheClock(const EntityProfile& p) {
    FeatureValue f{"around_the_clock", std::nullopt, {}};
    if (!p.haveHourly || p.dayHours.size() < 2) {
        f.sentence = "round-the-clock activity not available (" +
                     std::string(p.haveHourly ? "active on fewer than 2 days)" : "buckets wider than an hour)");
        return f;
    }
    // The first and last days are usually partial; judge the full days in between when there are some.
    auto begin = p.dayHours.begin();
    auto end = p.dayHours.end();
    if (p.dayHours.size() >= 4) {
        ++begin;
        --end;
    }
    int days = 0, full = 0;
    for (auto it = begin; it != end; ++it) {
        ++days;
        if (std::popcount(it->second) >= 20) ++full;
    }
    const double s = days ? static_cast<double>(full) / days : 0.0;
    f.value = s;
    f.sentence = "active 20+ hours a day on " + std::to_string(full) + " of " + std::to_string(days) + " days";
    if (s >= 0.8) f.sentence = "active 24/7 (" + f.sentence + ")";
    return f;
}

FeatureValue featureDailyVolumeCv(const EntityProfile& p) {
    FeatureValue f{"daily_volume_cv", std::nullopt, {}};
    // The first and last days are usually partial: judge the full days in between.
    constexpr int kMinDays = 5;
    if (!p.haveDaily || p.dayVolume.size() < 2 ||
        p.dayVolume.rbegin()->first - p.dayVolume.begin()->first - 1 < kMinDays) {
        f.sentence = p.haveDaily ? "day-to-day steadiness not available (fewer than 5 full days)"
                                 : "day-to-day steadiness not available (buckets wider than a day)";
        return f;
    }
    const int64_t first = p.dayVolume.begin()->first + 1, last = p.dayVolume.rbegin()->first - 1;
    const double n = static_cast<double>(last - first + 1);
    double sum = 0, sumSq = 0;
    for (int64_t d = first; d <= last; ++d) {
        auto it = p.dayVolume.find(d);
        const double v = it == p.dayVolume.end() ? 0.0 : it->second;
        sum += v;
        sumSq += v * v;
    }
    const double mean = sum / n;
    if (mean <= 0) {
        f.value = 0.0;
        f.sentence = "no traffic on the full days";
        return f;
    }
    const double cv = std::sqrt(std::max(0.0, sumSq / n - mean * mean)) / mean;
    f.value = cv;
    char buf[128];
    std::snprintf(buf, sizeof buf, "daily volume varies %.0f%% from day to day over %.0f days (%s)", cv * 100, n,
                  cv < 0.15 ? "the same every day, weekends included" : cv < 0.4 ? "fairly steady" : "follows the week");
    f.sentence = buf;
    return f;
}

FeatureValue featureInterarrivalCv(const EntityProfile& p) {
    FeatureValue f{"interarrival_cv", std::nullopt, {}};
    if (!p.haveGaps || p.gapCount < 20) {
        f.sentence = p.haveGaps ? "inter-arrival regularity not available (too few requests)"
                                : "inter-arrival regularity not available (aggregated data)";
        return f;
    }
    const double cv = p.gapCv();
    f.value = cv;
    char buf[128];
    std::snprintf(buf, sizeof buf, "inter-arrival coefficient of variation %.2f while active (%s)", cv,
                  cv < 0.5 ? "clockwork" : cv < 1.3 ? "steady, machine-like" : "bursty, human-like");
    f.sentence = buf;
    return f;
}

FeatureValue featureRateLimitPacing(const EntityProfile& p) {
    FeatureValue f{"rate_limit_pacing", std::nullopt, {}};
    if (!p.haveMinutes || p.minuteCounts.size() < 30) {
        f.sentence = "rate-limit pacing not available (" +
                     std::string(p.haveMinutes ? "fewer than 30 active minutes)" : "no per-minute data)");
        return f;
    }
    std::vector<uint32_t> c = p.minuteCounts;
    const size_t k = std::min(c.size() - 1, static_cast<size_t>(0.95 * static_cast<double>(c.size())));
    std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end());
    const double p95 = c[k];
    const double share429 =
        p.haveStatus && p.requests > 0 ? static_cast<double>(p.rateLimited) / static_cast<double>(p.requests) : 0.0;
    if (p95 < 5) {
        f.value = 0.0;
        f.sentence = "too slow to press a rate limit (95th percentile " + humanCount(p95) + " requests/minute)";
        return f;
    }
    size_t near = 0;
    for (uint32_t v : p.minuteCounts)
        if (v >= 0.9 * p95) ++near;
    const double s = static_cast<double>(near) / static_cast<double>(p.minuteCounts.size());
    f.value = s;
    f.sentence = percent(s) + " of active minutes run at " + humanCount(p95) + "+ requests/minute (a plateau)";
    if (share429 > 0.001) f.sentence += ", " + percent(share429) + " rate-limited (HTTP 429)";
    return f;
}

} // namespace siphon::analysis
