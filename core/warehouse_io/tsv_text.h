#pragma once
// ClickHouse's TabSeparated escaping (\t \n \\ \N ...), read and written.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::warehouse {

// One line's cells; "\N" alone is NULL.
std::vector<std::optional<std::string>> splitTsvLine(std::string_view line);
// A cell for a TabSeparated line: NULL as \N, tab, newline and backslash escaped.
std::string tsvCell(const std::optional<std::string>& value);

} // namespace siphon::warehouse
