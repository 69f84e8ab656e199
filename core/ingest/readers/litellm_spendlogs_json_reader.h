#pragma once
// LiteLLM SpendLogs rows as JSON (the /spend/logs API array, or NDJSON dumps): same keys as the
// CSV export, JSON columns as objects (or JSON text). Mapping in litellm_mapping.h.
#include "ingest/format_reader.h"

namespace siphon::ingest {

class LiteLlmSpendLogsJsonReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "litellm_spendlogs_json"; }
    std::string_view title() const override { return "LiteLLM SpendLogs (JSON rows)"; }
    std::string_view recognisedBy() const override {
        return "JSON objects with request_id, call_type, api_key, spend and startTime";
    }
    bool matches(simdjson::dom::element first) const override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

private:
    simdjson::dom::parser parser_;   // JSON columns stored as JSON text
};

} // namespace siphon::ingest
