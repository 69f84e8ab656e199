#include "analysis/utf8_text.h"

namespace siphon::analysis {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at s[i] and its code point, or 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t decode(std::string_view s, size_t i, char32_t& cp) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    size_t n = 0;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
    else return 0;
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

// Code points that belong to the character before them: cutting before one would split a
// grapheme (an accent from its letter, a skin tone or a ZWJ sequence from its emoji).
bool extendsPrevious(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0x200D ||
           (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0x0591 && cp <= 0x05BD) || (cp >= 0x064B && cp <= 0x065F);
}

struct Piece {
    std::string_view bytes;   // what to append
    char32_t cp;
    size_t consumed;
};

Piece next(std::string_view s, size_t i, bool maskControls) {
    char32_t cp = 0;
    const size_t n = decode(s, i, cp);
    if (n == 0) return {kReplacement, 0xFFFD, 1};
    if (cp == 0 || (maskControls && (cp < 0x20 || cp == 0x7F))) return {"?", '?', 1};
    return {s.substr(i, n), cp, n};
}

} // namespace

std::string quotedText(std::string_view text, size_t maxBytes) {
    std::string out;
    size_t lastBase = 0;   // out.size() before the last character that starts a grapheme
    for (size_t i = 0; i < text.size();) {
        const Piece p = next(text, i, true);
        if (!extendsPrevious(p.cp)) lastBase = out.size();
        if (out.size() + p.bytes.size() > maxBytes) {
            // Do not leave a base character without the marks that follow it.
            if (extendsPrevious(p.cp)) out.resize(lastBase);
            return out + "...";
        }
        out += p.bytes;
        i += p.consumed;
    }
    return out;
}

std::string validUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const Piece p = next(text, i, false);
        out += p.bytes;
        i += p.consumed;
    }
    return out;
}

} // namespace siphon::analysis
