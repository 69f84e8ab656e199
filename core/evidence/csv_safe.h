#pragma once
// CSV cells for evidence exports, safe to open in a spreadsheet: RFC 4180 quoting, and cells that
// start with a formula trigger (= + - @ TAB CR LF) get a leading apostrophe so Excel/LibreOffice
// show text instead of evaluating it (OWASP "CSV injection"). Numbers we format ourselves are
// written with csvNumber and are not prefixed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::evidence {

std::string csvCell(std::string_view text);   // hostile text
std::string csvNumber(int64_t v);
std::string csvLine(const std::vector<std::string>& cells);   // cells already made by csvCell/csvNumber; "\r\n"

} // namespace siphon::evidence
