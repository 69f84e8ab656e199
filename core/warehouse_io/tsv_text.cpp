#include "warehouse_io/tsv_text.h"

namespace siphon::warehouse {

namespace {

char unescaped(char c) {
    switch (c) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    case '0': return '\0';
    default: return c;   // \\ \' and anything else: the character itself
    }
}

std::optional<std::string> cell(std::string_view raw) {
    if (raw == "\\N") return std::nullopt;
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) out.push_back(unescaped(raw[++i]));
        else out.push_back(raw[i]);
    }
    return out;
}

} // namespace

std::vector<std::optional<std::string>> splitTsvLine(std::string_view line) {
    std::vector<std::optional<std::string>> cells;
    size_t start = 0;
    while (true) {
        const size_t tab = line.find('\t', start);
        cells.push_back(cell(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return cells;
}

std::string tsvCell(const std::optional<std::string>& value) {
    if (!value) return "\\N";
    std::string out;
    for (char c : *value) {
        if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else out.push_back(c);
    }
    return out;
}

} // namespace siphon::warehouse
