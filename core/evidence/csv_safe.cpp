#include "evidence/csv_safe.h"

namespace siphon::evidence {

std::string csvCell(std::string_view text) {
    std::string s;
    if (!text.empty()) {
        const char c = text.front();
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n') s += '\'';
    }
    s.append(text);
    bool quote = false;
    for (char c : s)
        if (c == ',' || c == '"' || c == '\n' || c == '\r') quote = true;
    if (!quote) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    q += '"';
    return q;
}

std::string csvNumber(int64_t v) { return std::to_string(v); }

std::string csvLine(const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        line += cells[i];
    }
    line += "\r\n";
    return line;
}

} // namespace siphon::evidence
