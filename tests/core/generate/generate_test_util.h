#pragma once
// Helpers for the generator tests: read a generated file (gzip or plain) and split it into lines.
#include "ingest/byte_source.h"

#include <map>
#include <string>
#include <vector>

namespace siphon::test::gen {

inline std::string readAll(const std::string& path) {
    auto src = ingest::ByteSource::open(path);
    if (!src) return {};
    std::string out;
    char buf[1 << 16];
    while (true) {
        auto n = (*src)->read(buf, sizeof buf);
        if (!n || *n == 0) break;
        out.append(buf, *n);
    }
    return out;
}

inline std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

struct FaultRow {
    std::string file;
    long long line;
    std::string kind;
};

inline std::vector<FaultRow> readFaults(const std::string& path) {
    std::vector<FaultRow> rows;
    auto lines = splitLines(readAll(path));
    for (size_t i = 1; i < lines.size(); ++i) {
        const auto& l = lines[i];
        const size_t a = l.find(','), b = l.rfind(',');
        if (a == std::string::npos || a == b) continue;
        rows.push_back({l.substr(0, a), std::stoll(l.substr(a + 1, b - a - 1)), l.substr(b + 1)});
    }
    return rows;
}

} // namespace siphon::test::gen
