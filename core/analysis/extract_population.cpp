#include "analysis/extract_population.h"

#include "warehouse/feature_sql.h"

#include <algorithm>
#include <cstdio>

namespace siphon::analysis {

namespace {

// One extract row read by column name.
struct RowView {
    const warehouse::ExtractTable& table;
    const warehouse::ExtractRow& row;
    std::optional<double> value(std::string_view column) const {
        const int i = table.valueIndex(column);
        return i < 0 ? std::nullopt : row.values[static_cast<size_t>(i)];
    }
    int64_t count(std::string_view column) const { return static_cast<int64_t>(value(column).value_or(0)); }
};

EntityProfile profileOf(const RowView& r, int64_t datasetEndUs) {
    EntityProfile p;
    p.entity = r.row.entity;
    p.requests = r.count("requests");
    p.inputTokens = r.count("input_tokens");
    p.outputTokens = r.count("output_tokens");
    p.cachedReadTokens = r.count("cached_read_tokens");
    p.cacheInputTokens = r.count("cache_input_tokens");
    p.haveCache = r.value("cache_reuse").has_value();
    p.firstUs = r.count("first_us");
    p.lastUs = r.count("last_us");
    p.datasetStartUs = r.count("dataset_start_us");
    p.datasetEndUs = datasetEndUs;
    p.rateLimited = r.count("rate_limited");
    p.haveStatus = p.rateLimited > 0;
    p.batchRequests = r.count("batch_requests");
    p.haveEndpoint = r.value("batch_share").has_value();
    p.earlyOutputTokens = r.count("early_output_tokens");
    return p;
}

// A feature whose value is the extract's and whose sentence is the app's own (the profile holds
// every aggregate that sentence reads).
FeatureValue withExtractValue(FeatureValue f, const RowView& r) {
    f.value = r.value(f.name);
    return f;
}

std::string timingSentence(std::string_view name, double v) {
    char buf[160];
    if (name == "hour_of_week_entropy") {
        std::snprintf(buf, sizeof buf, "hour-of-week entropy %.1f bits (uniform 24/7 = 7.4)", v);
    } else if (name == "around_the_clock") {
        const std::string days = "active 20+ hours a day on " + percent(v) + " of its days";
        return v >= 0.8 ? "active 24/7 (" + days + ")" : days;
    } else if (name == "daily_volume_cv") {
        std::snprintf(buf, sizeof buf, "daily volume varies %.0f%% from day to day (%s)", v * 100,
                      v < 0.15      ? "the same every day, weekends included"
                          : v < 0.4 ? "fairly steady"
                                    : "follows the week");
    } else if (name == "interarrival_cv") {
        std::snprintf(buf, sizeof buf, "inter-arrival coefficient of variation %.2f while active (%s)", v,
                      v < 0.5       ? "clockwork"
                          : v < 1.3 ? "steady, machine-like"
                                    : "bursty, human-like");
    } else {
        return v > 0 ? percent(v) + " of active minutes run near their 95th-percentile rate (a plateau)"
                     : "too slow to press a rate limit";
    }
    return buf;
}

// The extract holds only the value: the sentence says it in the app's words, without the counts
// behind it (days, minutes) that only the records have.
FeatureValue timingFeature(const char* name, const RowView& r, const std::string& label) {
    FeatureValue f{name, r.value(name), {}};
    f.sentence = f.value ? timingSentence(name, *f.value)
                         : label + " not available (too little traffic in the warehouse extract)";
    return f;
}

FeatureValue textFeature(const char* name, const char* label, int64_t extractId) {
    return {name, std::nullopt,
            std::string(label) + " not available (warehouse extract " + std::to_string(extractId) +
                " has no prompt sample)"};
}

FeatureValue bytesFeature(const EntityProfile& p) {
    FeatureValue f = featureOutputInputBytes(p);
    if (p.inputTokens <= 0 || p.outputTokens <= 0)
        f.sentence = "response:request size not available (not in the warehouse extract)";
    return f;
}

// computeFeatures() order and names.
std::vector<FeatureValue> featuresOf(const RowView& r, const EntityProfile& p, int64_t extractId) {
    return {withExtractValue(featureVolume(p), r),
            withExtractValue(featureOutputInputRatio(p), r),
            bytesFeature(p),
            textFeature("template_repetition", "prompt templates", extractId),
            textFeature("reasoning_elicitation", "reasoning elicitation", extractId),
            textFeature("topical_narrowness", "topic breadth", extractId),
            timingFeature("hour_of_week_entropy", r, "hour-of-week pattern"),
            timingFeature("around_the_clock", r, "round-the-clock activity"),
            timingFeature("daily_volume_cv", r, "day-to-day steadiness"),
            timingFeature("interarrival_cv", r, "inter-arrival regularity"),
            timingFeature("rate_limit_pacing", r, "rate-limit pacing"),
            withExtractValue(featureCacheReuse(p), r),
            withExtractValue(featureBatchShare(p), r),
            withExtractValue(featureNewAccountBurst(p), r)};
}

} // namespace

std::vector<ExtractEntity> extractEntities(const warehouse::StoredExtract& extract,
                                           const std::unordered_set<std::string>& known, int64_t datasetEndUs) {
    std::vector<ExtractEntity> out;
    for (const auto& row : extract.table.rows) {
        if (known.count(row.entity)) continue;
        const RowView r{extract.table, row};
        ExtractEntity e{profileOf(r, datasetEndUs), {}};
        e.features = featuresOf(r, e.profile, extract.id);
        out.push_back(std::move(e));
    }
    return out;
}

std::pair<int64_t, int64_t> extractSpan(const warehouse::ExtractTable& table) {
    std::pair<int64_t, int64_t> span{INT64_MAX, 0};
    for (const auto& row : table.rows) {
        const RowView r{table, row};
        if (auto s = r.value("dataset_start_us")) span.first = std::min(span.first, static_cast<int64_t>(*s));
        if (auto l = r.value("last_us")) span.second = std::max(span.second, static_cast<int64_t>(*l));
    }
    return span;
}

std::string extractReason(const warehouse::StoredExtract& extract) {
    return "scored from " + warehouse::describeExtract(extract) +
        ": prompt templates, reasoning elicitation and topic breadth not available (no prompt sample);"
        " onset, busiest-days window and links other than creation time not available (no per-request data)";
}

} // namespace siphon::analysis
