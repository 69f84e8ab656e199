#include "ingest/readers/openai_usage_reader.h"

#include "ingest/readers/bucket_width.h"
#include "ingest/readers/json_access.h"
#include "util/time_util.h"

#include <vector>

namespace siphon::ingest {

using simdjson::dom::element;

namespace {

// Dimension keys in sorted order, so groupBy comes out sorted.
constexpr std::string_view kDimensions[] = {"api_key_id", "batch", "line_item", "model",
                                            "project_id", "service_tier", "user_id"};

bool isUsageResult(element result) {
    const std::string_view object = json::view(result, "object");
    return object.rfind("organization.usage.", 0) == 0 || object.rfind("organization.costs.", 0) == 0;
}

} // namespace

bool OpenAiUsageReader::matches(element first) const {
    element results;
    if (!json::at(first, "results", results) || !results.is_array()) return false;
    if (!json::has(first, "start_time") || !json::has(first, "end_time")) return false;
    simdjson::dom::array arr = results.get_array().value_unsafe();
    if (arr.size() == 0) return json::view(first, "object") == "bucket";
    return isUsageResult(arr.at(0).value_unsafe());
}

Status OpenAiUsageReader::begin(const ImportSettings& settings) {
    orgIdHint_ = settings.orgIdHint;
    return {};
}

void OpenAiUsageReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    json::FieldReader f(rec);
    const auto start = f.optInt("start_time");
    const auto end = f.optInt("end_time");
    if (f.failed()) {
        sink.onReject(raw, f.error());
        return;
    }
    if (!start || !end) {
        sink.onReject(raw, start ? "missing end_time" : "missing start_time");
        return;
    }
    if (*end <= *start) {
        sink.onReject(raw, "bucket end_time " + std::to_string(*end) + " is not after start_time " +
                               std::to_string(*start));
        return;
    }
    // Epoch seconds; checked before scaling to microseconds, which could otherwise overflow.
    constexpr int64_t kMaxSeconds = 4'102'444'800;   // 2100-01-01
    if (*start <= 0 || *end > kMaxSeconds || !timeutil::plausible(*start * 1'000'000)) {
        sink.onReject(raw, "bucket start_time " + std::to_string(*start) + " / end_time " + std::to_string(*end) +
                               " is not a plausible epoch time in seconds");
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
    BucketRecord base;
    base.startUs = *start * 1'000'000;
    base.endUs = *end * 1'000'000;
    base.requestedWidth = nominalBucketWidth(base.startUs, base.endUs);
    base.orgId = orgIdHint_;

    const simdjson::dom::array results = resultsEl.get_array().value_unsafe();
    if (results.size() == 0) {
        base.isEmpty = true;
        sink.onBucket(std::move(base), raw);
        return;
    }
    base.groupBy = groupByOf(results, kDimensions);
    // Read every result before emitting any, so a bad one rejects the bucket as a whole.
    std::vector<BucketRecord> rows;
    size_t index = 0;
    for (element result : results) {
        json::FieldReader rf(result);
        BucketRecord b = base;
        if (!result.is_object()) {
            sink.onReject(raw, "results[" + std::to_string(index) + "] is not an object");
            return;
        }
        b.projectId = json::str(result, "project_id");
        b.userId = json::str(result, "user_id");
        b.apiKeyId = json::str(result, "api_key_id");
        b.model = json::str(result, "model");
        b.serviceTier = json::str(result, "service_tier");
        b.lineItem = json::str(result, "line_item");
        b.batch = rf.optBool("batch");
        if (const std::string org = json::str(result, "organization_id"); !org.empty()) b.orgId = org;
        b.numRequests = rf.optInt("num_model_requests");
        b.inputTokens = rf.optInt("input_tokens");
        b.outputTokens = rf.optInt("output_tokens");
        b.cachedReadTokens = rf.optInt("input_cached_tokens");
        b.cacheWriteTokens = rf.optInt("input_cache_write_tokens");
        b.costUsd = rf.optDouble("amount.value");
        if (rf.failed()) {
            sink.onReject(raw, "results[" + std::to_string(index) + "]: " + rf.error());
            return;
        }
        rows.push_back(std::move(b));
        ++index;
    }
    for (auto& b : rows) sink.onBucket(std::move(b), raw);
}

} // namespace siphon::ingest
