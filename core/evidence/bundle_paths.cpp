#include "evidence/bundle_paths.h"

#include <QString>

#include <algorithm>
#include <set>
#include <sstream>

namespace siphon::evidence {

namespace {

std::string segmentProblem(const std::string& part) {
    if (part.empty()) return "empty path segment (//)";
    if (part == "..") return "path traversal (..)";
    if (part == ".") return "'.' segment (an alias of another path)";
    if (part.back() == '.' || part.back() == ' ') return "segment ends in '.' or ' ' (Windows drops it)";
    return {};
}

// Bidirectional controls reorder what a file manager shows ("exe.pdf" for "fdp.exe").
bool hasBidiControl(const std::string& p) {
    for (const char* c : {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                          "\u2068", "\u2069", "\u061c"})
        if (p.find(c) != std::string::npos) return true;
    return false;
}

bool isLowerHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string unsafePathReason(const std::string& path, PathKind kind) {
    std::string p = path;
    if (kind == PathKind::FileOrDirectory && !p.empty() && p.back() == '/') p.pop_back();
    if (p.empty()) return "empty entry name";
    if (p.front() == '/' || (p.size() > 1 && p[1] == ':')) return "absolute path";
    if (p.find('\\') != std::string::npos) return "backslash in path";
    if (p.find('\0') != std::string::npos) return "NUL in path";
    if (std::any_of(p.begin(), p.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return "control character in path";
    if (hasBidiControl(p)) return "bidirectional control character in path";
    if (p.find(':') != std::string::npos) return "colon in path (a Windows alternate data stream)";
    std::stringstream ss(p + "/");
    std::string part;
    while (std::getline(ss, part, '/'))
        if (auto why = segmentProblem(part); !why.empty()) return why;
    return {};
}

std::string aliasKey(const std::string& path) {
    std::string p = path;
    while (!p.empty() && p.back() == '/') p.pop_back();
    const QString s = QString::fromUtf8(p.data(), static_cast<qsizetype>(p.size()));
    return s.normalized(QString::NormalizationForm_C).toCaseFolded().toStdString();
}

std::map<std::string, std::string> parseSha256Sums(const std::string& text, std::vector<std::string>& failures) {
    std::map<std::string, std::string> out;
    std::set<std::string> keys;
    std::stringstream ss(text);
    std::string line;
    int n = 0;
    while (std::getline(ss, line)) {
        ++n;
        const std::string where = "SHA256SUMS: line " + std::to_string(n);
        if (line.empty()) continue;
        if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') || !isLowerHex(line.substr(0, 64))) {
            failures.push_back(where + " is malformed");
            continue;
        }
        const std::string path = line.substr(66);
        if (auto why = unsafePathReason(path); !why.empty()) {
            failures.push_back(where + ": " + why);
            continue;
        }
        if (!keys.insert(aliasKey(path)).second) {
            failures.push_back(where + ": " + path + " is listed twice (or under two spellings)");
            continue;
        }
        out[path] = line.substr(0, 64);
    }
    return out;
}

} // namespace siphon::evidence
