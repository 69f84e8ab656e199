#pragma once
// Text from a case (ids, notes, authors: adversary-written) on its way to a terminal. Control
// characters (C0, DEL, C1) are shown as \xNN / \u{NN} instead of being sent: ESC and BEL
// sequences can retitle a window, clear the screen or worse.
#include <string>
#include <string_view>

namespace siphon::cli {

inline std::string terminalSafe(std::string_view s) {
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
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
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace siphon::cli
