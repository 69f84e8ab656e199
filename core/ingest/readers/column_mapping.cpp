#include "ingest/readers/column_mapping.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

namespace siphon::ingest {

namespace {

struct FieldSpec {
    Field field;
    std::string_view name;
    std::vector<std::string_view> aliases;   // lower-case
};

const std::vector<FieldSpec>& specs() {
    static const std::vector<FieldSpec> all = {
        {Field::Timestamp, "timestamp", {"timestamp", "time", "ts", "datetime", "date_time", "created_at", "start_time",
                                         "starttime", "ts_start", "request_time", "event_time", "@timestamp"}},
        {Field::TimestampEnd, "timestamp_end", {"end_time", "endtime", "ts_end", "completed_at", "finished_at"}},
        {Field::LatencyMs, "latency_ms", {"latency_ms", "duration_ms", "latency", "request_duration_ms", "elapsed_ms"}},
        {Field::Account, "account_id", {"account_id", "account", "org_id", "organization_id", "organization", "org",
                                        "tenant_id", "customer_id"}},
        {Field::Project, "project_id", {"project_id", "project", "workspace_id", "workspace", "team_id", "team"}},
        {Field::ApiKey, "api_key_id", {"api_key_id", "key_id", "api_key", "apikey", "key_hash", "api_key_hash"}},
        {Field::ApiKeyLabel, "api_key_label", {"api_key_label", "key_alias", "api_key_alias", "key_name"}},
        {Field::User, "user_id", {"user_id", "user", "principal", "username", "user_name", "member_id"}},
        {Field::EndUser, "end_user", {"end_user", "end_user_id", "enduser"}},
        {Field::SourceIp, "source_ip", {"source_ip", "ip", "client_ip", "remote_addr", "ip_address", "caller_ip",
                                        "src_ip", "sourceipaddress"}},
        {Field::UserAgent, "user_agent", {"user_agent", "ua", "useragent", "http_user_agent"}},
        {Field::Region, "region", {"region", "location"}},
        {Field::Provider, "provider", {"provider", "custom_llm_provider"}},
        {Field::Model, "model", {"model", "model_id", "model_name", "modelid"}},
        {Field::Endpoint, "endpoint", {"endpoint", "path", "operation", "call_type", "uri", "route"}},
        {Field::RequestId, "request_id", {"request_id", "requestid", "id", "req_id", "event_id"}},
        {Field::InputTokens, "input_tokens", {"input_tokens", "prompt_tokens", "tokens_in", "inputtokens",
                                              "input_token_count"}},
        {Field::OutputTokens, "output_tokens", {"output_tokens", "completion_tokens", "tokens_out", "outputtokens",
                                                "output_token_count"}},
        {Field::CachedTokens, "cached_tokens", {"cached_tokens", "cached_input_tokens", "cache_read_tokens",
                                                "cache_read_input_tokens"}},
        {Field::ReasoningTokens, "reasoning_tokens", {"reasoning_tokens"}},
        {Field::Status, "status", {"status", "status_code", "http_status", "response_status"}},
        {Field::Error, "error", {"error", "error_code", "error_type"}},
        {Field::CostUsd, "cost_usd", {"cost_usd", "cost", "spend", "price_usd"}},
        {Field::Prompt, "prompt", {"prompt", "prompt_text", "input", "messages", "request_body"}},
        {Field::Response, "response", {"response", "response_text", "output", "completion", "response_body"}},
    };
    return all;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

} // namespace

std::string_view fieldName(Field f) {
    for (const auto& s : specs())
        if (s.field == f) return s.name;
    return "?";
}

ColumnMapping ColumnMapping::guess(const std::vector<std::string>& columns) {
    ColumnMapping m;
    for (const auto& spec : specs()) {
        // Aliases are in preference order: take the first alias present.
        for (auto alias : spec.aliases) {
            auto it = std::find_if(columns.begin(), columns.end(), [&](const std::string& c) { return lower(c) == alias; });
            if (it != columns.end()) {
                m.source[static_cast<size_t>(spec.field)] = *it;
                break;
            }
        }
    }
    // Nested JSON keys arrive as dotted paths ("usage.prompt_tokens"): match their last segment,
    // but only for specific aliases (with '_'), so "consumer.id" is not taken for a request id.
    for (const auto& spec : specs()) {
        if (!m.source[static_cast<size_t>(spec.field)].empty()) continue;
        for (auto alias : spec.aliases) {
            if (alias.find('_') == std::string_view::npos) continue;
            auto it = std::find_if(columns.begin(), columns.end(), [&](const std::string& c) {
                const size_t dot = c.rfind('.');
                return dot != std::string::npos && lower(std::string_view(c).substr(dot + 1)) == alias;
            });
            if (it != columns.end()) {
                m.source[static_cast<size_t>(spec.field)] = *it;
                break;
            }
        }
    }
    return m;
}

Result<ColumnMapping> ColumnMapping::load(const std::string& path) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto err = parser.load(path).get(doc))
        return makeError(ErrorCode::Usage, std::string("cannot read mapping file: ") + simdjson::error_message(err), path);
    simdjson::dom::object columns;
    if (doc["columns"].get_object().get(columns))
        return makeError(ErrorCode::Usage, "mapping file needs an object \"columns\": {field: source column}", path);
    ColumnMapping m;
    for (auto [key, value] : columns) {
        std::string_view src;
        if (value.get_string().get(src))
            return makeError(ErrorCode::Usage, "mapping for '" + std::string(key) + "' must be a string", path);
        bool known = false;
        for (const auto& spec : specs()) {
            if (spec.name == key) {
                m.source[static_cast<size_t>(spec.field)] = std::string(src);
                known = true;
            }
        }
        if (!known) {
            std::string names;
            for (const auto& spec : specs()) names += (names.empty() ? "" : ", ") + std::string(spec.name);
            return makeError(ErrorCode::Usage, "unknown field '" + std::string(key) + "' in mapping; known: " + names,
                             path);
        }
    }
    return m;
}

void ColumnMapping::overrideWith(const ColumnMapping& other) {
    for (size_t i = 0; i < kFieldCount; ++i)
        if (!other.source[i].empty()) source[i] = other.source[i];
}

bool ColumnMapping::usable() const {
    return has(Field::Timestamp) && (has(Field::Account) || has(Field::ApiKey) || has(Field::User) ||
                                     has(Field::SourceIp) || has(Field::Project) || has(Field::InputTokens));
}

} // namespace siphon::ingest
