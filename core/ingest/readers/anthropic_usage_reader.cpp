#include "ingest/readers/anthropic_usage_reader.h"

#include "ingest/field_parse.h"

#include "ingest/readers/bucket_width.h"
#include "ingest/readers/json_access.h"

#include <vector>

namespace siphon::ingest {

using simdjson::dom::element;

namespace {

constexpr std::string_view kDimensions[] = {"account_id",   "api_key_id",    "context_window",     "inference_geo",
                                            "model",        "service_account_id", "service_tier", "speed",
                                            "workspace_id"};

} // namespace

bool AnthropicUsageReader::matches(element first) const {
    element results;
    if (!json::has(first, "starting_at") || !json::has(first, "ending_at")) return false;
    if (!json::at(first, "results", results) || !results.is_array()) return false;
    simdjson::dom::array arr = results.get_array().value_unsafe();
    if (arr.size() == 0) return true;
    element row = arr.at(0).value_unsafe();
    return json::has(row, "uncached_input_tokens") || json::has(row, "cache_read_input_tokens");
}

Status AnthropicUsageReader::begin(const ImportSettings& settings) {
    orgIdHint_ = settings.orgIdHint;
    return {};
}

void AnthropicUsageReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    json::FieldReader f(rec);
    BucketRecord base;
    int64_t precision = 0;
    if (!f.time("starting_at", base.startUs, precision) || !f.time("ending_at", base.endUs, precision)) {
        sink.onReject(raw, f.error());
        return;
    }
    if (base.endUs <= base.startUs) {
        sink.onReject(raw, "bucket ending_at is not after starting_at");
        return;
    }
    element resultsEl;
    if (!json::at(rec, "results", resultsEl)) {
        sink.onReject(raw, "missing results");
        return;
    }
    if (!resultsEl.is_array()) {
        sink.onReject(raw, "results is not an array");
        return;
    }
    base.requestedWidth = nominalBucketWidth(base.startUs, base.endUs);
    base.orgId = orgIdHint_;
    const simdjson::dom::array results = resultsEl.get_array().value_unsafe();
    if (results.size() == 0) {
        base.isEmpty = true;
        sink.onBucket(std::move(base), raw);
        return;
    }
    base.groupBy = groupByOf(results, kDimensions);
    std::vector<BucketRecord> rows;
    size_t index = 0;
    for (element result : results) {
        if (!result.is_object()) {
            sink.onReject(raw, "results[" + std::to_string(index) + "] is not an object");
            return;
        }
        json::FieldReader rf(result);
        BucketRecord b = base;
        b.apiKeyId = json::str(result, "api_key_id");
        b.projectId = json::str(result, "workspace_id");
        b.model = json::str(result, "model");
        b.serviceTier = json::str(result, "service_tier");
        b.contextWindow = json::str(result, "context_window");
        b.userId = json::str(result, "account_id");
        if (b.userId.empty()) b.userId = json::str(result, "service_account_id");
        for (const char* extra : {"inference_geo", "speed"}) {
            const std::string v = json::str(result, extra);
            if (v.empty()) continue;
            if (!b.lineItem.empty()) b.lineItem += ';';
            b.lineItem += std::string(extra) + "=" + v;
        }
        const auto uncached = rf.optInt("uncached_input_tokens");
        const auto cacheRead = rf.optInt("cache_read_input_tokens");
        const auto write5m = rf.optInt("cache_creation.ephemeral_5m_input_tokens");
        const auto write1h = rf.optInt("cache_creation.ephemeral_1h_input_tokens");
        const auto writeFlat = rf.optInt("cache_creation_input_tokens");   // older report shape
        b.outputTokens = rf.optInt("output_tokens");
        if (rf.failed()) {
            sink.onReject(raw, "results[" + std::to_string(index) + "]: " + rf.error());
            return;
        }
        if (write5m || write1h || writeFlat)
            b.cacheWriteTokens = field::addSaturating(field::addSaturating(write5m.value_or(0), write1h.value_or(0)),
                                                      writeFlat.value_or(0));
        b.cachedReadTokens = cacheRead;
        if (uncached || cacheRead || b.cacheWriteTokens)
            b.inputTokens = field::addSaturating(field::addSaturating(uncached.value_or(0), cacheRead.value_or(0)),
                                                 b.cacheWriteTokens.value_or(0));
        rows.push_back(std::move(b));
        ++index;
    }
    for (auto& b : rows) sink.onBucket(std::move(b), raw);
}

} // namespace siphon::ingest
