#include "generate/fmt.h"

#include "util/time_util.h"

#include "generate/rng.h"

#include <charconv>

namespace siphon::generate::fmt {

void appendInt(std::string& out, int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

namespace {

void two(std::string& out, unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

} // namespace

void appendTime(std::string& out, int64_t us, int digits, char sep, bool zulu) {
    int64_t secs = us / 1'000'000, frac = us % 1'000'000;
    if (frac < 0) {
        frac += 1'000'000;
        --secs;
    }
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    int64_t y;
    unsigned m, d;
    timeutil::civilFromDays(days, y, m, d);
    appendInt(out, y);
    out.push_back('-');
    two(out, m);
    out.push_back('-');
    two(out, d);
    out.push_back(sep);
    two(out, static_cast<unsigned>(rem / 3600));
    out.push_back(':');
    two(out, static_cast<unsigned>(rem / 60 % 60));
    out.push_back(':');
    two(out, static_cast<unsigned>(rem % 60));
    if (digits > 0) {
        out.push_back('.');
        char buf[8];
        int64_t f = frac;   // 6 digits
        for (int i = 5; i >= 0; --i) {
            buf[i] = static_cast<char>('0' + f % 10);
            f /= 10;
        }
        for (int i = 0; i < digits; ++i) out.push_back(i < 6 ? buf[i] : '0');
    }
    if (zulu) out.push_back('Z');
}

void appendJson(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    for (char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
}

void appendCsv(std::string& out, std::string_view s) {
    bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ');
    for (char c : s)
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    if (!quote) {
        out.append(s);
        return;
    }
    out.push_back('"');
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string hexId(uint64_t seed, uint64_t seq, uint64_t salt, int hashDigits) {
    static const char* hex = "0123456789abcdef";
    std::string s;
    uint64_t h = mix64(seed, salt);
    for (int i = 0; i < hashDigits; ++i) {
        if (i == 16) h = mix64(h, salt + 1);
        s.push_back(hex[(h >> ((i % 16) * 4)) & 15]);
    }
    for (int i = 9; i >= 0; --i) s.push_back(hex[(seq >> (i * 4)) & 15]);
    return s;
}

std::string uuid(uint64_t seed, uint64_t seq, uint64_t salt) {
    const std::string h = hexId(seed, seq, salt, 22);   // 22 hash + 10 seq = 32 hex digits
    std::string s = h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-";
    s.push_back("89ab"[(h[16] - '0') & 3]);
    s += h.substr(17, 3) + "-" + h.substr(20, 12);
    return s;
}

} // namespace siphon::generate::fmt
