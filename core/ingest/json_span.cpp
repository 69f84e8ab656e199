#include "ingest/json_span.h"

namespace siphon::ingest::jsonspan {

namespace {
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// End of the string whose opening quote is at pos, or npos.
size_t stringEnd(std::string_view t, size_t pos) {
    for (size_t i = pos + 1; i < t.size(); ++i) {
        if (t[i] == '\\') {
            ++i;
        } else if (t[i] == '"') {
            return i + 1;
        }
    }
    return npos;
}
} // namespace

size_t skipWhitespace(std::string_view t, size_t pos) {
    while (pos < t.size() && isSpace(t[pos])) ++pos;
    return pos;
}

size_t valueEnd(std::string_view t, size_t pos) {
    pos = skipWhitespace(t, pos);
    if (pos >= t.size()) return npos;
    const char first = t[pos];
    if (first == '"') return stringEnd(t, pos);
    if (first != '{' && first != '[') {
        // Scalar: runs to the next delimiter.
        size_t i = pos;
        while (i < t.size() && !isSpace(t[i]) && t[i] != ',' && t[i] != ']' && t[i] != '}') ++i;
        return i == t.size() ? npos : i;
    }
    int depth = 0;
    for (size_t i = pos; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '"') {
            const size_t e = stringEnd(t, i);
            if (e == npos) return npos;
            i = e - 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
    }
    return npos;
}

std::vector<Span> arrayElements(std::string_view t, size_t pos) {
    std::vector<Span> out;
    if (pos >= t.size() || t[pos] != '[') return out;
    size_t i = pos + 1;
    while (true) {
        i = skipWhitespace(t, i);
        if (i >= t.size() || t[i] == ']') break;
        const size_t e = valueEnd(t, i);
        if (e == npos) break;
        out.push_back({i, e});
        i = skipWhitespace(t, e);
        if (i < t.size() && t[i] == ',') ++i;
        else break;
    }
    return out;
}

std::optional<Span> objectMember(std::string_view t, size_t pos, std::string_view key) {
    if (pos >= t.size() || t[pos] != '{') return std::nullopt;
    size_t i = pos + 1;
    while (true) {
        i = skipWhitespace(t, i);
        if (i >= t.size() || t[i] != '"') return std::nullopt;
        const size_t keyEnd = stringEnd(t, i);
        if (keyEnd == npos) return std::nullopt;
        const std::string_view name = t.substr(i + 1, keyEnd - i - 2);
        i = skipWhitespace(t, keyEnd);
        if (i >= t.size() || t[i] != ':') return std::nullopt;
        i = skipWhitespace(t, i + 1);
        const size_t e = valueEnd(t, i);
        if (e == npos) return std::nullopt;
        if (name == key) return Span{i, e};
        i = skipWhitespace(t, e);
        if (i < t.size() && t[i] == ',') ++i;
        else return std::nullopt;
    }
}

} // namespace siphon::ingest::jsonspan
