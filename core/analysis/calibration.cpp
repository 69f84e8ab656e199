#include "analysis/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace siphon::analysis {

namespace {

double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

std::vector<double> sorted(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// The scores above 0 at the printed precision (of sorted scores, so still sorted).
std::vector<double> scoringPart(const std::vector<double>& sortedScores) {
    std::vector<double> out;
    for (double v : sortedScores)
        if (decisionScore(v) > 0) out.push_back(v);
    return out;
}

struct TailFit {
    double value = 0;           // the score the tail puts at the rate asked for
    double qLow = 0, qHigh = 0; // the body quantiles it went through
};

// Exponential tail through (qLow, 1 - fitLow) and (qHigh, 1 - fitHigh) of sortedScores, read at
// tailFpr (never above the upper fit point's own rate).
TailFit fitTail(const ThresholdConfig& t, const std::vector<double>& sortedScores, double tailFpr) {
    TailFit f;
    if (sortedScores.empty()) return f;
    f.qLow = quantile(sortedScores, t.fitLow);
    f.qHigh = quantile(sortedScores, t.fitHigh);
    const double pLow = 1.0 - t.fitLow, pHigh = 1.0 - t.fitHigh;
    const double scale = std::max(f.qHigh - f.qLow, t.minTailScale) / std::log(pLow / pHigh);
    f.value = f.qHigh + scale * std::log(pHigh / std::min(pHigh, tailFpr));
    return f;
}

std::string describe(const ThresholdConfig& t, double value, const TailFit& fit, bool scoringOnly, size_t scoring,
                     size_t all) {
    char of[96];
    if (scoringOnly) std::snprintf(of, sizeof of, "the %zu of %zu entities that score above 0", scoring, all);
    else std::snprintf(of, sizeof of, "all %zu entities", all);
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "threshold %s calibrated on this case: the score about %.1f%% of benign entities would exceed, "
                  "from an exponential tail fitted to the %.0fth (%s) and %.0fth (%s) percentile scores of %s%s",
                  scoreText(value).c_str(), t.targetFpr * 100, t.fitLow * 100, scoreText(fit.qLow).c_str(),
                  t.fitHigh * 100, scoreText(fit.qHigh).c_str(), of,
                  fit.value < t.min ? " (raised to the configured minimum)"
                  : fit.value > t.max ? " (lowered to the configured maximum)" : "");
    return buf;
}

std::string fixedMethod(const char* why, double value) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "fixed threshold %s from the detector config (%s)", scoreText(value).c_str(), why);
    return buf;
}

} // namespace

double decisionScore(double score) { return std::round(score * 1000.0) / 1000.0; }

bool meetsThreshold(double score, double threshold) { return decisionScore(score) >= decisionScore(threshold); }

std::string scoreText(double score) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", decisionScore(score));
    return buf;
}

FlagThreshold calibrateThreshold(const DetectorConfig& config, const std::vector<double>& scores) {
    const ThresholdConfig& t = config.threshold;
    FlagThreshold out;
    out.value = config.flagThreshold;
    if (!t.calibrated) {
        out.method = fixedMethod("calibration off", out.value);
        return out;
    }
    if (static_cast<int>(scores.size()) < t.minPopulation) {
        char why[96];
        std::snprintf(why, sizeof why, "%zu entities are too few to estimate a benign tail; %d needed", scores.size(),
                      t.minPopulation);
        out.method = fixedMethod(why, out.value);
        return out;
    }
    // Two readings of the same benign tail, the more cautious one taken: the whole population's
    // (right when most entities score something), and that of the entities that score above 0
    // (right when most score exactly 0, as keys of aggregated usage do: a point mass no exponential
    // describes, which pulls a whole-population fit down to nothing).
    const std::vector<double> all = sorted(scores), scoring = scoringPart(all);
    const double share = static_cast<double>(scoring.size()) / static_cast<double>(all.size());
    const TailFit whole = fitTail(t, all, t.targetFpr);
    const TailFit part = fitTail(t, scoring, t.targetFpr / std::max(share, 1e-9));
    const bool scoringOnly = part.value > whole.value;
    const TailFit& used = scoringOnly ? part : whole;
    out.value = std::clamp(used.value, t.min, t.max);
    out.calibrated = true;
    out.targetFpr = t.targetFpr;
    out.method = describe(t, out.value, used, scoringOnly, scoring.size(), all.size());
    return out;
}

std::string configWithThreshold(const std::string& json, const FlagThreshold& t) {
    const size_t close = json.find_last_of('}');
    if (close == std::string::npos) return json;
    std::string method;
    for (char c : t.method) {
        if (c == '"' || c == '\\') method.push_back('\\');
        if (static_cast<unsigned char>(c) >= 0x20) method.push_back(c);
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "\"value\": %s, \"calibrated\": %s, \"target_fpr\": %g, ", scoreText(t.value).c_str(),
                  t.calibrated ? "true" : "false", t.calibrated ? t.targetFpr : 0.0);
    std::string head = json.substr(0, close);
    while (!head.empty() && (head.back() == '\n' || head.back() == ' ' || head.back() == '\r')) head.pop_back();
    const bool empty = !head.empty() && head.back() == '{';
    return head + (empty ? "" : ",") + "\n  \"flag_threshold_of_this_run\": {" + buf + "\"method\": \"" + method + "\"}\n" +
           json.substr(close);
}

} // namespace siphon::analysis
