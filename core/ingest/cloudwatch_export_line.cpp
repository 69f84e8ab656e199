#include "ingest/cloudwatch_export_line.h"

namespace siphon::ingest {

namespace {

bool digits(std::string_view s, size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

} // namespace

size_t cloudWatchExportPrefix(std::string_view line) {
    // YYYY-MM-DDTHH:MM:SS, then optional fraction, then Z.
    if (!digits(line, 0, 4) || line.substr(4, 1) != "-" || !digits(line, 5, 2) || line.substr(7, 1) != "-" ||
        !digits(line, 8, 2) || line.substr(10, 1) != "T" || !digits(line, 11, 2) || line.substr(13, 1) != ":" ||
        !digits(line, 14, 2) || line.substr(16, 1) != ":" || !digits(line, 17, 2))
        return 0;
    size_t p = 19;
    if (p < line.size() && line[p] == '.') {
        ++p;
        while (p < line.size() && line[p] >= '0' && line[p] <= '9') ++p;
    }
    if (line.substr(p, 2) != "Z ") return 0;
    p += 2;
    return p < line.size() && line[p] == '{' ? p : 0;
}

} // namespace siphon::ingest
