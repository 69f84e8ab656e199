#include "analysis/onset.h"

#include "analysis/features/features.h"
#include "util/time_util.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace siphon::analysis {

std::optional<Onset> detectOnset(const DetectorConfig& config, const std::vector<HourPoint>& hours) {
    const size_t n = hours.size();
    if (n < static_cast<size_t>(std::max(config.onsetMinHours, 4))) return std::nullopt;
    constexpr int kSignals = 3;
    std::vector<std::array<double, kSignals>> x(n);
    for (size_t i = 0; i < n; ++i) {
        const auto& h = hours[i];
        x[i][0] = std::log1p(h.requests);
        x[i][1] = h.prompts > 0 ? h.templated / h.prompts : 0.0;
        x[i][2] = h.prompts > 0 ? h.reasoning / h.prompts : 0.0;
    }
    std::array<double, kSignals> total{}, sd{};
    for (const auto& v : x)
        for (int s = 0; s < kSignals; ++s) total[s] += v[s];
    for (int s = 0; s < kSignals; ++s) {
        const double mean = total[s] / static_cast<double>(n);
        double ss = 0;
        for (const auto& v : x) ss += (v[s] - mean) * (v[s] - mean);
        sd[s] = std::sqrt(ss / static_cast<double>(n));
    }
    // Prefix sums make every split O(1).
    std::array<double, kSignals> left{};
    const size_t minSeg = 2;
    double best = 0;
    size_t bestK = 0;
    double bestEffect = 0;
    for (size_t k = 1; k < n; ++k) {
        for (int s = 0; s < kSignals; ++s) left[s] += x[k - 1][s];
        if (k < minSeg || n - k < minSeg) continue;
        const double n1 = static_cast<double>(k), n2 = static_cast<double>(n - k);
        double stat = 0, effect = 0;
        for (int s = 0; s < kSignals; ++s) {
            if (sd[s] <= 1e-12) continue;
            const double m1 = left[s] / n1, m2 = (total[s] - left[s]) / n2;
            const double d = (m2 - m1) / sd[s];
            if (d <= 0) continue;   // only turns toward more volume / templates / reasoning
            stat += n1 * n2 / (n1 + n2) * d * d;
            // Effect in absolute terms: doublings of volume, or quarter-steps of a share.
            effect = std::max(effect, s == 0 ? (m2 - m1) / std::log(2.0) : (m2 - m1) / 0.25);
        }
        if (stat > best) {
            best = stat;
            bestK = k;
            bestEffect = effect;
        }
    }
    if (bestK == 0 || bestEffect < config.onsetMinEffect) return std::nullopt;
    Onset o;
    o.us = hours[bestK].hourUs;
    o.effect = bestEffect;
    double r1 = 0, r2 = 0, t1 = 0, t2 = 0, c1 = 0, c2 = 0, p1 = 0, p2 = 0;
    for (size_t i = 0; i < n; ++i) {
        auto& r = i < bestK ? r1 : r2;
        auto& t = i < bestK ? t1 : t2;
        auto& c = i < bestK ? c1 : c2;
        auto& p = i < bestK ? p1 : p2;
        r += hours[i].requests;
        t += hours[i].templated;
        c += hours[i].reasoning;
        p += hours[i].prompts;
    }
    const double rate1 = r1 / static_cast<double>(bestK), rate2 = r2 / static_cast<double>(n - bestK);
    char buf[160];
    std::snprintf(buf, sizeof buf, "behaviour changed at %s: %.1f -> %.1f requests/hour",
                  timeutil::formatIso8601(o.us).c_str(), rate1, rate2);
    o.sentence = buf;
    if (p1 > 0 && p2 > 0) {
        o.sentence += ", templated " + percent(t1 / p1) + " -> " + percent(t2 / p2);
        o.sentence += ", reasoning " + percent(c1 / p1) + " -> " + percent(c2 / p2);
    }
    return o;
}

} // namespace siphon::analysis
