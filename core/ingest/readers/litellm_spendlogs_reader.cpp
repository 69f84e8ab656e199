#include "ingest/readers/litellm_spendlogs_reader.h"

#include "ingest/readers/litellm_mapping.h"

#include <algorithm>

namespace siphon::ingest {

namespace {

class CsvRow final : public litellm::LiteLlmRow {
public:
    CsvRow(const std::map<std::string, size_t, std::less<>>& columns, const std::vector<std::string_view>& fields,
           simdjson::dom::parser& parser)
        : columns_(columns), fields_(fields), parser_(parser) {}

    json::Parse text(std::string_view column, std::string& out) override {
        const std::string_view v = cell(column);
        if (field::isNullText(v)) return json::Parse::Absent;
        out = std::string(v);
        return json::Parse::Ok;
    }
    bool json(std::string_view column, simdjson::dom::element& out) override {
        const std::string_view v = field::trim(cell(column));
        if (v.empty() || (v.front() != '{' && v.front() != '[' && v.front() != '"')) return false;
        return !parser_.parse(v.data(), v.size(), true).get(out) && !out.is_null();
    }

private:
    std::string_view cell(std::string_view column) const {
        auto it = columns_.find(column);
        return it == columns_.end() ? std::string_view() : fields_[it->second];
    }
    const std::map<std::string, size_t, std::less<>>& columns_;
    const std::vector<std::string_view>& fields_;
    simdjson::dom::parser& parser_;
};

} // namespace

bool LiteLlmSpendLogsCsvReader::matches(const std::vector<std::string>& header) const {
    return std::all_of(std::begin(litellm::kSignature), std::end(litellm::kSignature), [&](std::string_view name) {
        return std::find(header.begin(), header.end(), name) != header.end();
    });
}

Status LiteLlmSpendLogsCsvReader::begin(const std::vector<std::string>& header, const ImportSettings&) {
    columns_.clear();
    for (size_t i = 0; i < header.size(); ++i) columns_.emplace(header[i], i);
    if (!columns_.count("startTime"))
        return makeError(ErrorCode::Format, "LiteLLM SpendLogs CSV has no startTime column");
    return {};
}

void LiteLlmSpendLogsCsvReader::read(const std::vector<std::string_view>& fields, const RawRecord& raw,
                                     RecordSink& sink) {
    CsvRow row(columns_, fields, parser_);
    litellm::readRow(row, raw, sink);
}

} // namespace siphon::ingest
