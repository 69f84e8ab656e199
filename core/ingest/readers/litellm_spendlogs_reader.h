#pragma once
// LiteLLM proxy LiteLLM_SpendLogs exported as CSV (`psql \copy ... CSV HEADER`): JSON columns
// (metadata, messages, response, request_tags, proxy_server_request) hold JSON text; timestamps
// like "2026-02-03 14:07:21.118" are taken as UTC. Mapping in litellm_mapping.h / formats.md §4.
#include "ingest/format_reader.h"

#include <simdjson.h>

#include <map>

namespace siphon::ingest {

class LiteLlmSpendLogsCsvReader final : public CsvFormatReader {
public:
    std::string_view id() const override { return "litellm_spendlogs"; }
    std::string_view title() const override { return "LiteLLM SpendLogs (CSV export)"; }
    std::string_view recognisedBy() const override {
        return "CSV header with request_id, call_type, api_key, spend and startTime";
    }
    bool matches(const std::vector<std::string>& header) const override;
    Status begin(const std::vector<std::string>& header, const ImportSettings& settings) override;
    void read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) override;

private:
    std::map<std::string, size_t, std::less<>> columns_;
    simdjson::dom::parser parser_;   // JSON-text columns
};

} // namespace siphon::ingest
