#include "analysis/scorer.h"

#include "analysis/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace siphon::analysis {

namespace {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    const size_t n = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), v.end());
    double m = v[n];
    if (v.size() % 2 == 0) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n - 1), v.end());
        m = (m + v[n - 1]) / 2;
    }
    return m;
}

const ScoredFeature* find(const ScoreResult& r, const char* name) {
    for (const auto& f : r.features)
        if (f.feature.name == name) return &f;
    return nullptr;
}

struct BusiestWindow {
    double share = 0;                   // of the entity's volume
    int64_t firstDay = 0, lastDay = 0;  // day indexes
};

// The `days` consecutive days carrying the most volume.
BusiestWindow busiestWindow(const EntityProfile& p, int days) {
    BusiestWindow best;
    double total = 0;
    for (const auto& [d, v] : p.dayVolume) total += v;
    if (total <= 0) return best;
    for (auto it = p.dayVolume.begin(); it != p.dayVolume.end(); ++it) {
        double sum = 0;
        int64_t last = it->first;
        for (auto jt = it; jt != p.dayVolume.end() && jt->first < it->first + days; ++jt) {
            sum += jt->second;
            last = jt->first;
        }
        if (sum / total > best.share) best = {sum / total, it->first, last};
    }
    return best;
}

std::string percentOrValue(double v) {
    if (v >= 0 && v <= 1) return percent(v);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string ordinal(double pct) {
    char buf[32];
    if (pct >= 99.0 && pct < 100.0) {
        std::snprintf(buf, sizeof buf, "%.1fth", pct);
        return buf;
    }
    const int n = static_cast<int>(std::lround(pct));
    const char* suffix = "th";
    if (n % 100 < 11 || n % 100 > 13) {
        if (n % 10 == 1) suffix = "st";
        else if (n % 10 == 2) suffix = "nd";
        else if (n % 10 == 3) suffix = "rd";
    }
    std::snprintf(buf, sizeof buf, "%d%s", n, suffix);
    return buf;
}

} // namespace

double transformValue(const FeatureWeight& w, double v) { return w.logTransform ? std::log10(std::max(v, 1e-9)) : v; }

std::string ScoreResult::reasonText() const {
    std::string out;
    for (const auto& r : reasons) {
        if (!out.empty()) out += "; ";
        out += r;
    }
    return out;
}

PopulationBaseline::PopulationBaseline(const DetectorConfig& config, const std::vector<EntityProfile>& population,
                                       const std::vector<std::vector<FeatureValue>>& features) {
    size_t qualified = 0;
    for (const auto& p : population)
        if (!p.requestsKnown || p.requests >= config.minRequests) ++qualified;
    const bool all = qualified < 10;
    std::map<std::string, std::vector<double>> values;
    for (size_t i = 0; i < population.size() && i < features.size(); ++i) {
        const auto& p = population[i];
        if (!all && p.requestsKnown && p.requests < config.minRequests) continue;
        for (const auto& f : features[i]) {
            auto w = config.features.find(f.name);
            if (!f.value || w == config.features.end()) continue;
            values[f.name].push_back(transformValue(w->second, *f.value));
        }
    }
    for (auto& [name, v] : values) {
        Stat s;
        s.median = median(v);
        std::vector<double> dev;
        dev.reserve(v.size());
        for (double x : v) dev.push_back(std::fabs(x - s.median));
        s.mad = 1.4826 * median(dev);
        if (auto w = config.features.find(name); w != config.features.end()) {
            const FeatureWeight& fw = w->second;
            const double scale = std::max(s.mad, fw.madFloor);
            const auto bound = fw.direction == Direction::High ? fw.rangeHigh : fw.rangeLow;
            if (bound && v.size() >= 10) {
                const double room = fw.direction == Direction::High ? transformValue(fw, *bound) - s.median
                                                                     : s.median - transformValue(fw, *bound);
                s.saturated = room / scale <= fw.zLow + 1e-9;
            }
        }
        std::sort(v.begin(), v.end());
        s.sorted = std::move(v);
        stats_[name] = std::move(s);
    }
}

const PopulationBaseline::Stat* PopulationBaseline::stat(const std::string& feature) const {
    auto it = stats_.find(feature);
    return it == stats_.end() ? nullptr : &it->second;
}

namespace {

// Weighted suspicion summed over the available features, in all and per group.
struct WeightSums {
    double avail = 0, sum = 0;
    double group[2] = {0, 0}, groupSum[2] = {0, 0};   // [0] operation, [1] content
};

// A feature common to the whole population is shown with its median and not weighed.
void markSaturated(ScoredFeature& sf, const FeatureWeight& w, const PopulationBaseline::Stat& st) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " (usual for this population, median %s: not weighed)",
                  w.logTransform ? humanCount(std::pow(10.0, st.median)).c_str() : percentOrValue(st.median).c_str());
    sf.feature.sentence += buf;
    sf.baseline = st.median;
}

// Robust z and percentile against the population, then suspicion 0..1 in the suspicious direction.
void weigh(ScoredFeature& sf, const FeatureWeight& w, const PopulationBaseline::Stat* st, WeightSums& sums) {
    const double v = *sf.feature.value;
    const double t = transformValue(w, v);
    sums.avail += w.weight;
    if (st) {
        sf.baseline = st->median;
        sf.robustZ = (t - st->median) / std::max(st->mad, w.madFloor);
        const auto below = std::lower_bound(st->sorted.begin(), st->sorted.end(), t) - st->sorted.begin();
        const auto upto = std::upper_bound(st->sorted.begin(), st->sorted.end(), t) - st->sorted.begin();
        sf.percentile = st->sorted.empty() ? 0 : (static_cast<double>(below + upto) / 2.0) / static_cast<double>(st->sorted.size());
    }
    const double zd = w.direction == Direction::High ? sf.robustZ : -sf.robustZ;
    const bool gate = w.direction == Direction::High ? v >= w.absMin : v <= w.absMax;
    if (gate && w.zHigh > w.zLow) sf.suspicion = std::clamp((zd - w.zLow) / (w.zHigh - w.zLow), 0.0, 1.0);
    sums.sum += w.weight * sf.suspicion;
    sums.group[w.content ? 1 : 0] += w.weight;
    sums.groupSum[w.content ? 1 : 0] += w.weight * sf.suspicion;
    sf.contribution = w.weight * sf.suspicion;
}

ScoredFeature scoreFeature(const DetectorConfig& config, const PopulationBaseline& baseline, const FeatureValue& fv,
                           WeightSums& sums) {
    ScoredFeature sf;
    sf.feature = fv;
    auto wIt = config.features.find(fv.name);
    const auto* st = baseline.stat(fv.name);
    const bool weighted = wIt != config.features.end();
    sf.saturated = fv.value && st && st->saturated && weighted;
    if (sf.saturated) markSaturated(sf, wIt->second, *st);
    else if (fv.value && weighted) weigh(sf, wIt->second, st, sums);
    return sf;
}

// Extraction needs both what is asked and how it is sent; one-sided evidence counts less. When
// the data cannot show one side at all (no prompts, no token counts), that absence is not
// evidence of innocence: the entity is judged on the side the data does show.
void combine(const DetectorConfig& config, const WeightSums& sums, ScoreResult& r) {
    if (sums.avail <= 0) return;
    const double mean = sums.sum / sums.avail;
    const bool both = sums.group[0] > 0 && sums.group[1] > 0;
    const double geo = both ? std::sqrt((sums.groupSum[0] / sums.group[0]) * (sums.groupSum[1] / sums.group[1])) : mean;
    r.score = (1 - config.balanceWeight) * mean + config.balanceWeight * geo;
    // Contributions share the final score in proportion to their weighted suspicion.
    for (auto& f : r.features) f.contribution = sums.sum > 0 ? f.contribution / sums.sum * r.score : 0.0;
}

// Volume and ratio sentences carry their standing among peers.
void addStanding(ScoreResult& r) {
    for (auto& f : r.features) {
        if (!f.available()) continue;
        if (f.feature.name == "volume" || f.feature.name == "output_input_ratio" || f.feature.name == "output_input_bytes" ||
            f.feature.name == "new_account_burst") {
            char buf[64];
            std::snprintf(buf, sizeof buf, " (%s percentile, robust z %.1f)", ordinal(f.percentile * 100).c_str(), f.robustZ);
            f.feature.sentence += buf;
        }
    }
}

// What the data could not show (said whatever the verdict).
std::vector<std::string> dataNotes(const ScoreResult& r, const WeightSums& sums) {
    std::vector<std::string> notes;
    const auto* templF = find(r, "template_repetition");
    const auto* cotF = find(r, "reasoning_elicitation");
    if (sums.avail > 0 && sums.group[1] <= 0)
        notes.push_back("content not available (no prompt text or token counts): judged on timing and volume alone");
    else if (sums.avail > 0 && sums.group[0] <= 0)
        notes.push_back("timing not available: judged on content alone");
    else if (templF && cotF && !templF->available() && !cotF->available())
        notes.push_back("no prompt text: templates and reasoning requests not checked");
    return notes;
}

// Facts that lower the score, and context said only when flagged.
struct Mitigation {
    std::vector<std::string> dampers;
    std::string shortButRunning;   // context, not a mitigation
};

std::string burstDays(bool shortSpan, double spanDays, const BusiestWindow& busiest) {
    char days[48];
    if (shortSpan) std::snprintf(days, sizeof days, "%.1f days", std::max(spanDays, 0.1));
    else std::snprintf(days, sizeof days, "%.0f%% of it in %lld days", busiest.share * 100,
                       static_cast<long long>(busiest.lastDay - busiest.firstDay + 1));
    return days;
}

std::string burstDamper(const ScoreResult& r, const std::string& days) {
    const auto* templF = find(r, "template_repetition");
    const auto* cotF = find(r, "reasoning_elicitation");
    const bool templ = templF && templF->available() && *templF->feature.value >= 0.5;
    const bool cot = cotF && cotF->available() && *cotF->feature.value >= 0.3;
    if (templ && cot) return "templated chain-of-thought burst limited to " + days + ": looks like an evaluation run";
    if (templ) return "templated burst limited to " + days + ": looks like a one-off job";
    return "activity limited to " + days + ": a short burst, not a sustained campaign";
}

// A burst: all activity within a few days, or nearly all of it (an evaluation run with a few
// hand-written calls around it). It is bounded only if it stopped: activity running into the end
// of the data may go on: still active in its last hour (a daytime run that finished in the
// evening is over; a round-the-clock campaign is not).
void dampShortBurst(const DetectorConfig& config, const EntityProfile& p, ScoreResult& r, Mitigation& m) {
    constexpr int64_t kStillRunningUs = 3'600'000'000LL;
    constexpr int64_t kDayUs = 86'400'000'000LL;
    const double spanDays = static_cast<double>(p.spanUs()) / 86'400e6;
    const auto* vol = find(r, "volume");
    const double volPct = vol && vol->available() ? vol->percentile : 0;
    const bool shortSpan = spanDays < config.shortBurstDays;
    const BusiestWindow busiest = busiestWindow(p, std::max(1, static_cast<int>(std::ceil(config.shortBurstDays))));
    const bool concentrated = shortSpan || busiest.share >= config.shortBurstShare;
    const int64_t burstEndUs = shortSpan ? p.lastUs : (busiest.lastDay + 1) * kDayUs - 1;
    const bool stillRunning = p.datasetEndUs > 0 && std::min(burstEndUs, p.lastUs) >= p.datasetEndUs - kStillRunningUs;
    const std::string days = burstDays(shortSpan, spanDays, busiest);
    if (concentrated && stillRunning && r.score > 0) {
        m.shortButRunning = shortSpan ? "seen only in the last " + days + " of the data, still active at its end"
                                      : "activity concentrated at the end of the data (" + days + "), still active at its end";
    } else if (concentrated && volPct < config.shortBurstMaxVolumePercentile && r.score > 0) {
        r.score *= config.shortBurstFactor;
        m.dampers.push_back(burstDamper(r, days));
    }
}

Mitigation applyDampers(const DetectorConfig& config, const EntityProfile& p, ScoreResult& r) {
    Mitigation m;
    if (p.requestsKnown && p.requests < config.minRequests) {
        r.score *= config.fewRequestsFactor;
        m.dampers.push_back("only " + std::to_string(p.requests) + " requests: too little traffic to judge");
    }
    dampShortBurst(config, p, r, m);
    return m;
}

// The sentences of the largest contributions first.
std::vector<const ScoredFeature*> suspiciousInOrder(const ScoreResult& r) {
    std::vector<const ScoredFeature*> order;
    for (const auto& f : r.features)
        if (f.suspicion > 0.05) order.push_back(&f);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->contribution > b->contribution; });
    return order;
}

// Mitigating facts of an unflagged entity: dampers, then the available features furthest on the
// benign side of their baseline, or the comparison with the threshold when there is none.
std::vector<std::string> mitigatingFacts(const DetectorConfig& config, const ScoreResult& r, const Mitigation& m,
                                         bool anySuspicious) {
    std::vector<std::pair<double, const ScoredFeature*>> benign;
    for (const auto& f : r.features) {
        if (!f.available() || f.suspicion > 0.05) continue;
        auto w = config.features.find(f.feature.name);
        if (w == config.features.end() || f.feature.name == "volume") continue;
        const double zd = w->second.direction == Direction::High ? f.robustZ : -f.robustZ;
        if (zd > -0.5) continue;   // not clearly on the benign side: says nothing
        benign.emplace_back(w->second.weight * zd, &f);
    }
    std::sort(benign.begin(), benign.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<std::string> but = m.dampers;
    for (size_t i = 0; i < benign.size() && but.size() < 3; ++i) but.push_back(benign[i].second->feature.sentence);
    if (but.empty() && anySuspicious) {
        but.push_back("but not enough together to flag (score " + scoreText(r.score) + " < " +
                      scoreText(config.flagThreshold) + (config.thresholdLabel.empty() ? "" : ", " + config.thresholdLabel) + ")");
    }
    return but;
}

void explain(const DetectorConfig& config, const Mitigation& m, const std::vector<std::string>& notes, ScoreResult& r) {
    const std::vector<const ScoredFeature*> order = suspiciousInOrder(r);
    for (size_t i = 0; i < order.size() && i < 4; ++i) r.reasons.push_back(order[i]->feature.sentence);
    if (!r.flagged) {
        const std::vector<std::string> but = mitigatingFacts(config, r, m, !order.empty());
        for (size_t i = 0; i < but.size(); ++i) {
            const bool lead = i == 0 && !order.empty() && but[i].rfind("but ", 0) != 0;
            r.reasons.push_back((lead ? "but " : "") + but[i]);
        }
    } else {
        for (const auto& d : m.dampers) r.reasons.push_back("note: " + d);
        if (!m.shortButRunning.empty()) r.reasons.push_back("note: " + m.shortButRunning);
    }
    if (r.reasons.empty()) r.reasons.push_back("nothing unusual against its peers");
    for (const auto& n : notes) r.reasons.push_back("note: " + n);
}

} // namespace

ScoreResult scoreEntity(const DetectorConfig& config, const PopulationBaseline& baseline, const EntityProfile& p,
                        const std::vector<FeatureValue>& features) {
    ScoreResult r;
    WeightSums sums;
    for (const auto& fv : features) r.features.push_back(scoreFeature(config, baseline, fv, sums));
    combine(config, sums, r);
    addStanding(r);
    const std::vector<std::string> notes = dataNotes(r, sums);
    const Mitigation m = applyDampers(config, p, r);
    r.score = std::clamp(r.score, 0.0, 1.0);
    r.flagged = meetsThreshold(r.score, config.flagThreshold);   // at the precision it is printed
    explain(config, m, notes, r);
    return r;
}

} // namespace siphon::analysis
