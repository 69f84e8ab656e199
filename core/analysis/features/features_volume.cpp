// Volume-shaped features: how much, in what proportion, cached, batched, how soon after creation.
#include "analysis/features/features.h"

#include "util/time_util.h"

#include <cmath>
#include <cstdio>

namespace siphon::analysis {

std::string humanCount(double v) {
    char buf[32];
    const double a = std::fabs(v);
    if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.1fB", v / 1e9);
    else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
    else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, share > 0 && share < 0.01 ? "%.1f%%" : "%.0f%%", share * 100.0);
    return buf;
}

FeatureValue featureVolume(const EntityProfile& p) {
    FeatureValue f{"volume", std::nullopt, {}};
    if (p.outputTokens > 0) {
        f.value = static_cast<double>(p.outputTokens);
        f.sentence = (p.requestsKnown ? humanCount(static_cast<double>(p.requests)) + " requests, " : std::string()) +
                     humanCount(static_cast<double>(p.outputTokens)) + " output tokens";
    } else if (p.requestsKnown && p.requests > 0) {
        f.value = static_cast<double>(p.requests);
        f.sentence = humanCount(static_cast<double>(p.requests)) + " requests (no token counts)";
    } else {
        f.sentence = "no volume recorded";
    }
    return f;
}

FeatureValue featureOutputInputRatio(const EntityProfile& p) {
    FeatureValue f{"output_input_ratio", std::nullopt, {}};
    if (p.inputTokens <= 0 || p.outputTokens <= 0) {
        f.sentence = "output:input ratio not available (token counts missing)";
        return f;
    }
    const double r = static_cast<double>(p.outputTokens) / static_cast<double>(p.inputTokens);
    f.value = r;
    char buf[96];
    std::snprintf(buf, sizeof buf, "output:input %.1fx", r);
    f.sentence = buf;
    return f;
}

FeatureValue featureOutputInputBytes(const EntityProfile& p) {
    FeatureValue f{"output_input_bytes", std::nullopt, {}};
    // Only a stand-in: where token counts exist the token ratio says the same thing better.
    if (p.inputTokens > 0 && p.outputTokens > 0) {
        f.sentence = "response:request size not used (token counts available)";
        return f;
    }
    if (p.sizedRequests < 10 || p.requestBytes <= 0 || p.responseBytes <= 0) {
        f.sentence = "response:request size not available (no body sizes)";
        return f;
    }
    const double r = static_cast<double>(p.responseBytes) / static_cast<double>(p.requestBytes);
    f.value = r;
    char buf[96];
    std::snprintf(buf, sizeof buf, "responses %.1fx the size of requests (bytes; no token counts)", r);
    f.sentence = buf;
    return f;
}

FeatureValue featureCacheReuse(const EntityProfile& p) {
    FeatureValue f{"cache_reuse", std::nullopt, {}};
    if (!p.haveCache || p.cacheInputTokens <= 0) {
        f.sentence = "cache reuse not available (no cached-token field)";
        return f;
    }
    const double s = std::min(1.0, static_cast<double>(p.cachedReadTokens) / static_cast<double>(p.cacheInputTokens));
    f.value = s;
    f.sentence = "cache reuse " + percent(s) + " of input tokens";
    return f;
}

FeatureValue featureBatchShare(const EntityProfile& p) {
    FeatureValue f{"batch_share", std::nullopt, {}};
    if (!p.haveEndpoint || (p.requestsKnown && p.requests <= 0)) {
        f.sentence = "batch share not available (no endpoint field)";
        return f;
    }
    const double denom = p.requestsKnown ? static_cast<double>(p.requests) : static_cast<double>(p.batchRequests);
    const double s = denom > 0 ? std::min(1.0, static_cast<double>(p.batchRequests) / denom) : 0.0;
    f.value = s;
    f.sentence = percent(s) + " of requests via batch endpoints";
    return f;
}

FeatureValue featureNewAccountBurst(const EntityProfile& p) {
    FeatureValue f{"new_account_burst", std::nullopt, {}};
    constexpr int64_t kDayUs = 86'400'000'000LL;
    if (p.firstUs <= p.datasetStartUs + kDayUs) {
        f.sentence = "active since the start of the data (not a new account)";
        return f;
    }
    const double early = static_cast<double>(p.earlyOutputTokens);
    f.value = std::max(1.0, early);
    f.sentence = "first seen " + timeutil::formatIso8601(p.firstUs) + ", " + humanCount(early) +
                 " output tokens in its first 3 days";
    return f;
}

std::vector<FeatureValue> computeFeatures(const EntityProfile& p) {
    return {featureVolume(p),           featureOutputInputRatio(p), featureOutputInputBytes(p), featureTemplateRepetition(p),
            featureReasoningElicitation(p), featureTopicalNarrowness(p), featureHourOfWeekEntropy(p),
            featureAroundTheClock(p),   featureDailyVolumeCv(p),    featureInterarrivalCv(p),   featureRateLimitPacing(p),
            featureCacheReuse(p),       featureBatchShare(p),       featureNewAccountBurst(p)};
}

} // namespace siphon::analysis
