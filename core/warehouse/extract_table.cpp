#include "warehouse/extract_table.h"

#include "warehouse/feature_sql.h"

#include <charconv>
#include <cmath>

namespace siphon::warehouse {

int ExtractTable::valueIndex(std::string_view column) const {
    for (size_t i = 1; i < columns.size(); ++i)
        if (columns[i] == column) return static_cast<int>(i - 1);
    return -1;
}

Result<double> parseExtractNumber(std::string_view text, std::string_view column) {
    if (text == "nan" || text == "NaN") return std::nan("");
    if (text == "inf" || text == "Infinity") return HUGE_VAL;
    if (text == "-inf" || text == "-Infinity") return -HUGE_VAL;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        return makeError(ErrorCode::Format, "column " + std::string(column) + " holds '" +
                                                std::string(text.substr(0, 40)) + "', not a number");
    return v;
}

Status checkExtractColumns(const std::vector<std::string>& columns) {
    if (columns != extractColumns()) {
        std::string got;
        for (const auto& c : columns) got += (got.empty() ? "" : ",") + c.substr(0, 40);
        return makeError(ErrorCode::Format, "the warehouse returned unexpected columns: " + got.substr(0, 400));
    }
    return {};
}

Result<ExtractTable> extractFromResult(const TabularResult& result) {
    if (Status s = checkExtractColumns(result.columns); !s) return s.error();
    ExtractTable t;
    t.columns = result.columns;
    t.rows.reserve(result.rows.size());
    for (const auto& cells : result.rows) {
        if (cells.size() != t.columns.size() || !cells[0] || cells[0]->empty())
            return makeError(ErrorCode::Format, "the warehouse returned a row without an entity or with missing columns");
        ExtractRow row;
        row.entity = *cells[0];
        for (size_t i = 1; i < cells.size(); ++i) {
            if (!cells[i]) {
                row.values.emplace_back(std::nullopt);
                continue;
            }
            auto v = parseExtractNumber(*cells[i], t.columns[i]);
            if (!v) return makeError(ErrorCode::Format, v.error().message + " (entity row " + std::to_string(t.rows.size() + 1) + ")");
            row.values.emplace_back(*v);
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace siphon::warehouse
