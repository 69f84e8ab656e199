#pragma once
// Printing helpers for the CLI: JSON via QJsonDocument (stable key order), UTF-8 stdout.
#include "terminal_text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdio>
#include <string>

namespace siphon::cli {

inline QString qs(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// QJsonDocument escapes C0 controls but writes other characters raw, so C1 controls and
// bidirectional overrides (U+202E) from log content would reach a terminal and act there. They
// can only stand inside JSON strings, where \uXXXX is the same value: escaped always, so the
// output is the same on a terminal and in a pipe, and every JSON reader gets the exact data.
inline std::string escapeInvisibleControls(const QByteArray& json) {
    static const char* const kHex = "0123456789abcdef";
    const std::string_view s(json.constData(), static_cast<size_t>(json.size()));
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        unsigned cp = 0;
        size_t len = 0;
        if (c == 0xc2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xe0u) == 0x80u)
            cp = static_cast<unsigned char>(s[i + 1]), len = 2;   // U+0080..U+009F
        else
            cp = terminal_detail::bidiControlAt(s, i, len);
        if (cp == 0) {
            out += static_cast<char>(c);
            continue;
        }
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
        i += len - 1;
    }
    return out;
}

inline void printJson(const QJsonDocument& doc) {
    const std::string bytes = escapeInvisibleControls(doc.toJson(QJsonDocument::Indented));
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}
inline void printJson(const QJsonObject& o) { printJson(QJsonDocument(o)); }
inline void printJson(const QJsonArray& a) { printJson(QJsonDocument(a)); }

} // namespace siphon::cli
