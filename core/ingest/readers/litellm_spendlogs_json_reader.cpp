#include "ingest/readers/litellm_spendlogs_json_reader.h"

#include "ingest/readers/litellm_mapping.h"

#include <algorithm>

namespace siphon::ingest {

namespace {

class JsonRow final : public litellm::LiteLlmRow {
public:
    JsonRow(simdjson::dom::element rec, simdjson::dom::parser& parser) : rec_(rec), parser_(parser) {}

    json::Parse text(std::string_view column, std::string& out) override {
        return json::getString(rec_, column, out);
    }
    bool json(std::string_view column, simdjson::dom::element& out) override {
        simdjson::dom::element v;
        if (!json::at(rec_, column, v)) return false;
        std::string_view s;
        if (v.get_string().get(s)) {
            out = v;
            return true;
        }
        const std::string_view t = field::trim(s);
        if (t.empty() || (t.front() != '{' && t.front() != '[')) {
            out = v;   // plain text (e.g. a prompt stored as a string)
            return true;
        }
        return !parser_.parse(s.data(), s.size(), true).get(out) && !out.is_null();
    }

private:
    simdjson::dom::element rec_;
    simdjson::dom::parser& parser_;
};

} // namespace

bool LiteLlmSpendLogsJsonReader::matches(simdjson::dom::element first) const {
    if (!first.is_object()) return false;
    return std::all_of(std::begin(litellm::kSignature), std::end(litellm::kSignature), [&](std::string_view name) {
        return !first.get_object().at_key(name).error();
    });
}

void LiteLlmSpendLogsJsonReader::read(simdjson::dom::element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "LiteLLM SpendLogs row is not a JSON object");
        return;
    }
    JsonRow row(rec, parser_);
    litellm::readRow(row, raw, sink);
}

} // namespace siphon::ingest
