#include "ingest/readers/litellm_mapping.h"

#include "ingest/field_parse.h"
#include "ingest/readers/llm_text.h"

namespace siphon::ingest::litellm {

using simdjson::dom::element;

namespace {

// Reads typed columns and remembers the first problem, naming the column.
class Columns {
public:
    explicit Columns(LiteLlmRow& row) : row_(row) {}

    std::string text(std::string_view c) {
        std::string v;
        if (row_.text(c, v) != json::Parse::Ok) return {};
        return std::string(field::trim(v));
    }
    std::optional<int64_t> integer(std::string_view c) {
        std::string v;
        int64_t i = 0;
        if (row_.text(c, v) != json::Parse::Ok) return std::nullopt;
        switch (field::parseInt(v, i)) {
        case field::Parse::Absent: return std::nullopt;
        case field::Parse::Bad: fail("non-numeric " + std::string(c) + " '" + v.substr(0, 32) + "'"); return std::nullopt;
        case field::Parse::Ok: break;
        }
        if (i < 0) fail("negative " + std::string(c) + " '" + v.substr(0, 32) + "'");
        return i;
    }
    std::optional<double> number(std::string_view c) {
        std::string v;
        double d = 0;
        if (row_.text(c, v) != json::Parse::Ok) return std::nullopt;
        switch (field::parseDouble(v, d)) {
        case field::Parse::Absent: return std::nullopt;
        case field::Parse::Bad: fail("non-numeric " + std::string(c) + " '" + v.substr(0, 32) + "'"); return std::nullopt;
        case field::Parse::Ok: return d;
        }
        return std::nullopt;
    }
    // Required=true: a missing value is an error too.
    std::optional<int64_t> time(std::string_view c, int64_t& precision, bool required) {
        std::string v;
        int64_t us = 0;
        const json::Parse got = row_.text(c, v);
        const field::Parse p = got == json::Parse::Ok ? field::parseTime(v, us, precision) : field::Parse::Absent;
        if (p == field::Parse::Bad) fail("unparseable " + std::string(c) + " '" + v.substr(0, 40) + "'");
        if (p == field::Parse::Absent && required) fail("missing " + std::string(c));
        return p == field::Parse::Ok ? std::optional<int64_t>(us) : std::nullopt;
    }
    void fail(std::string reason) {
        if (error.empty()) error = std::move(reason);
    }
    std::string error;

private:
    LiteLlmRow& row_;
};

} // namespace

void readRow(LiteLlmRow& row, const RawRecord& raw, RecordSink& sink) {
    Columns c(row);
    RequestRecord r;
    int64_t precision = 0, endPrecision = 0;
    const auto start = c.time("startTime", precision, true);
    if (!start) {
        sink.onReject(raw, c.error);
        return;
    }
    r.tsStartUs = *start;
    r.tsPrecisionUs = precision;
    r.tsEndUs = c.time("endTime", endPrecision, false);
    r.latencyMs = c.number("request_duration_ms");
    r.inputTokens = c.integer("prompt_tokens");
    r.outputTokens = c.integer("completion_tokens");
    r.costUsd = c.number("spend");
    if (!c.error.empty()) {
        sink.onReject(raw, c.error);
        return;
    }
    if (!r.latencyMs && r.tsEndUs && *r.tsEndUs >= r.tsStartUs)
        r.latencyMs = static_cast<double>(*r.tsEndUs - r.tsStartUs) / 1000.0;

    r.requestId = c.text("request_id");
    r.recordKey = r.requestId;
    r.endpoint = c.text("call_type");
    r.apiKeyId = c.text("api_key");
    r.orgId = c.text("organization_id");
    r.projectId = c.text("team_id");
    r.principal = c.text("user");
    r.endUserId = c.text("end_user");
    r.sourceIp = c.text("requester_ip_address");
    r.model = c.text("model");
    r.modelRequested = c.text("model_group");
    r.provider = c.text("custom_llm_provider");
    if (r.provider.empty()) r.provider = "litellm";
    const std::string status = c.text("status");
    if (!status.empty() && status != "success") r.errorCode = status;

    // JSON columns: each element is used before the next json() call (the parser is reused).
    element v;
    if (row.json("metadata", v) && v.is_object()) {
        r.apiKeyLabel = json::str(v, "user_api_key_alias");
        if (r.orgId.empty()) r.orgId = json::str(v, "user_api_key_org_id");
        if (r.projectId.empty()) r.projectId = json::str(v, "user_api_key_team_id");
        if (r.principal.empty()) r.principal = json::str(v, "user_api_key_user_id");
        if (r.sourceIp.empty()) r.sourceIp = json::str(v, "requester_ip_address");
        if (r.apiKeyId.empty()) r.apiKeyId = json::str(v, "user_api_key");
        json::FieldReader f(v);
        r.cachedReadTokens = f.optInt("additional_usage_values.cache_read_input_tokens");
        r.cacheWriteTokens = f.optInt("additional_usage_values.cache_creation_input_tokens");
        if (f.failed()) {
            sink.onReject(raw, "metadata: " + f.error());
            return;
        }
        if (r.errorCode.empty()) r.errorCode = json::str(v, "error_information.error_code");
    }
    if (row.json("proxy_server_request", v)) {
        r.userAgent = json::str(v, "headers.user-agent");
        if (r.userAgent.empty()) r.userAgent = json::str(v, "headers.User-Agent");
    }
    if (row.json("messages", v)) llmtext::appendMessages(v, r.prompt);
    if (row.json("response", v)) llmtext::appendResponse(v, r.response);
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest::litellm
