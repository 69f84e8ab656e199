#pragma once
// ExtractTable: the feature query's result as read, one row per entity; every column after the
// entity is numeric (NULL = the feature is not available for that entity, as in the app).
#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::warehouse {

struct ExtractRow {
    std::string entity;
    std::vector<std::optional<double>> values;   // columns[1..]
};

struct ExtractTable {
    std::vector<std::string> columns;   // "entity" first, as extractColumns()
    std::vector<ExtractRow> rows;

    // Index into ExtractRow::values of a column, or -1.
    int valueIndex(std::string_view column) const;
};

// A query's result as read from a server: text cells (nullopt = SQL NULL) and the SHA-256 of the
// bytes read (ClickHouse: the TabSeparatedWithNames body; PostgreSQL: each cell as sent, see
// docs/warehouse.md).
struct TabularResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::string sha256;
};

// The feature query's result as an extract: columns checked, every value parsed as a number, an
// entity present in every row. Errors name the row's entity and the column.
Result<ExtractTable> extractFromResult(const TabularResult& result);

// "123", "-0.5", "1e-07", "nan", "inf" (locale-independent). Error names the text and column.
Result<double> parseExtractNumber(std::string_view text, std::string_view column);

// The result's columns must be extractColumns(), in order (a hand-edited or foreign query is refused).
Status checkExtractColumns(const std::vector<std::string>& columns);

} // namespace siphon::warehouse
