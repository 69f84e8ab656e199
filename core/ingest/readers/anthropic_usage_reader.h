#pragma once
// Anthropic Admin API messages usage report (formats.md §5). A record is one bucket
// {starting_at, ending_at (RFC 3339), results:[...]} (the framer unwraps the data[] page).
// Each result becomes one BucketRecord; results: [] becomes one isEmpty BucketRecord.
// Tokens: inputTokens = uncached_input_tokens + cache_read_input_tokens + cache_creation.*
// (Anthropic's base count excludes the cache); cacheWriteTokens = the cache_creation sum;
// numRequests stays NULL (the report has no request count).
// Dimensions (null = not grouped): api_key_id, workspace_id -> projectId, model, service_tier,
// context_window, account_id / service_account_id -> userId; inference_geo and speed have no
// column of their own and are kept in lineItem as "inference_geo=..;speed=..".
// orgId = ImportSettings::orgIdHint.
#include "ingest/format_reader.h"

namespace siphon::ingest {

class AnthropicUsageReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "anthropic_usage"; }
    std::string_view title() const override { return "Anthropic Admin API usage report buckets"; }
    std::string_view recognisedBy() const override {
        return "JSON buckets with starting_at, ending_at and results[] carrying uncached_input_tokens or "
               "cache_read_input_tokens";
    }
    bool matches(simdjson::dom::element first) const override;
    Status begin(const ImportSettings& settings) override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

private:
    std::string orgIdHint_;
};

} // namespace siphon::ingest
