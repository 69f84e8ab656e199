#pragma once
// Generic CSV with a header: columns found by obvious names or a mapping file (--mapping).
#include "ingest/format_reader.h"
#include "ingest/readers/column_mapping.h"

namespace siphon::ingest {

class GenericCsvReader final : public CsvFormatReader {
public:
    std::string_view id() const override { return "generic_csv"; }
    std::string_view title() const override { return "Generic CSV (column mapping)"; }
    std::string_view recognisedBy() const override {
        return "CSV header with a timestamp column (timestamp/time/ts/...) and an entity or token column; "
               "other names via --mapping FILE.json";
    }
    bool matches(const std::vector<std::string>& header) const override;
    Status begin(const std::vector<std::string>& header, const ImportSettings& settings) override;
    void read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) override;

private:
    std::array<int, kFieldCount> col_{};   // column index per field, -1 when unmapped
};

} // namespace siphon::ingest
