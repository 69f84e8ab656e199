#pragma once
// Text from a case or a bundle (ids, notes, authors, entry names: adversary-written) on its way to
// a terminal. Control characters (C0, DEL, C1) are shown as \xNN / \u{NN} instead of being sent:
// ESC and BEL sequences can retitle a window, clear the screen or worse. Bidirectional controls
// (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) are shown as \u{NNNN}: they reorder
// what is displayed, so "fdp.exe" can read as "exe.pdf".
#include <cstdio>
#include <string>
#include <string_view>

#include <unistd.h>

namespace siphon::cli {

namespace terminal_detail {

// The code point of a bidirectional control starting at s[i] (0 when none) and its UTF-8 length.
inline unsigned bidiControlAt(std::string_view s, size_t i, size_t& len) {
    auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (b(0) == 0xd8 && b(1) == 0x9c) return len = 2, 0x061cu;
    if (b(0) != 0xe2) return 0;
    const unsigned cp = 0x2000u | ((b(1) & 0x3fu) << 6) | (b(2) & 0x3fu);
    const bool valid = (b(1) & 0xc0u) == 0x80u && (b(2) & 0xc0u) == 0x80u;
    if (!valid) return 0;
    if (cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        return len = 3, cp;
    return 0;
}

} // namespace terminal_detail

inline std::string terminalSafe(std::string_view s) {
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = 0;
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9f) {   // U+0080..U+009F in UTF-8
            const auto c1 = static_cast<unsigned char>(s[++i]);
            out += "\\u{";
            out += kHex[c1 >> 4];
            out += kHex[c1 & 15];
            out += '}';
        } else if (const unsigned cp = terminal_detail::bidiControlAt(s, i, len); cp != 0) {
            out += "\\u{";
            for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
            out += '}';
            i += len - 1;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Same, line by line, keeping the line breaks (LF or CRLF): for tables (CSV) shown on a terminal.
inline std::string terminalSafeLines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t start = 0; start < s.size();) {
        const size_t nl = s.find('\n', start);
        size_t end = nl == std::string_view::npos ? s.size() : nl;
        const bool crlf = nl != std::string_view::npos && end > start && s[end - 1] == '\r';
        if (crlf) --end;   // CSV rows end in CRLF (RFC 4180)
        out += terminalSafe(s.substr(start, end - start));
        if (nl == std::string_view::npos) break;
        out += crlf ? "\r\n" : "\n";
        start = nl + 1;
    }
    return out;
}

// Writes table text to stdout: exactly as given to a file or pipe (the data stays exact), with
// control and bidirectional characters shown, not sent, when stdout is a terminal.
inline void writeTableText(std::string_view text) {
    const std::string safe = ::isatty(::fileno(stdout)) ? terminalSafeLines(text) : std::string(text);
    std::fwrite(safe.data(), 1, safe.size(), stdout);
}

} // namespace siphon::cli
