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

// The scores above 0 at the printed precision, sorted.
std::vector<double> scoringPart(const std::vector<double>& scores) {
    std::vector<double> out;
    for (double v : scores)
        if (decisionScore(v) > 0) out.push_back(v);
    std::sort(out.begin(), out.end());
    return out;
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
    // Entities with nothing suspicious at all (a score of 0: most keys of aggregated usage) are a
    // point mass no exponential describes: the tail is fitted to the entities that score, and the
    // target rate is read among them (target / their share).
    const std::vector<double> sorted = scoringPart(scores);
    const double share = static_cast<double>(sorted.size()) / static_cast<double>(scores.size());
    const double qLow = quantile(sorted, t.fitLow), qHigh = quantile(sorted, t.fitHigh);
    // Exponential tail through (qLow, 1 - fitLow) and (qHigh, 1 - fitHigh), read at targetFpr.
    const double pLow = 1.0 - t.fitLow, pHigh = 1.0 - t.fitHigh;
    const double scale = std::max(qHigh - qLow, t.minTailScale) / std::log(pLow / pHigh);
    const double tailFpr = std::min(pHigh, t.targetFpr / std::max(share, 1e-9));
    const double raw = sorted.empty() ? t.min : qHigh + scale * std::log(pHigh / tailFpr);
    out.value = std::clamp(raw, t.min, t.max);
    out.calibrated = true;
    out.targetFpr = t.targetFpr;
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "threshold %s calibrated on this case: the score about %.1f%% of benign entities would exceed, "
                  "from an exponential tail fitted to the %.0fth (%s) and %.0fth (%s) percentile scores of the %zu of "
                  "%zu entities that score above 0%s",
                  scoreText(out.value).c_str(), t.targetFpr * 100, t.fitLow * 100, scoreText(qLow).c_str(),
                  t.fitHigh * 100, scoreText(qHigh).c_str(), sorted.size(), scores.size(),
                  raw < t.min ? " (raised to the configured minimum)" : raw > t.max ? " (lowered to the configured maximum)" : "");
    out.method = buf;
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
