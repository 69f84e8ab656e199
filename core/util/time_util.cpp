#include "util/time_util.h"

#include <chrono>
#include <cstdio>

namespace siphon::timeutil {

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

} // namespace

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::optional<ParsedTime> parseIso8601(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
    int year, month, day, hour, minute, second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
        !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || !digits(s, 11, 2, hour) ||
        s[13] != ':' || !digits(s, 14, 2, minute))
        return std::nullopt;
    size_t pos = 16;
    int64_t precision = 60'000'000;
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2, second)) return std::nullopt;
        pos += 3;
        precision = 1'000'000;
    }
    int64_t fracUs = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int n = 0;
        int64_t scale = 100000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (n < 6) {
                fracUs += (s[pos] - '0') * scale;
                scale /= 10;
            }
            ++n;
            ++pos;
        }
        if (n == 0) return std::nullopt;
        precision = n >= 6 ? 1 : static_cast<int64_t>(scale * 10);
    }
    int64_t offsetSeconds = 0;
    if (pos < s.size()) {
        const char z = s[pos];
        if (z == 'Z' || z == 'z') {
            ++pos;
        } else if (z == '+' || z == '-') {
            int oh, om = 0;
            if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
            size_t p = pos + 3;
            if (p < s.size() && s[p] == ':') ++p;
            if (p < s.size()) {
                if (!digits(s, p, 2, om)) return std::nullopt;
                p += 2;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
            pos = p;
        } else if (s.substr(pos) == " UTC" || s.substr(pos) == " +0000") {
            pos = s.size();
        }
    }
    if (pos != s.size()) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return ParsedTime{secs * 1'000'000 + fracUs, precision};
}

std::string formatIso8601(int64_t us, bool alwaysMicros) {
    int64_t secs = us / 1'000'000;
    int64_t frac = us % 1'000'000;
    if (frac < 0) {
        frac += 1'000'000;
        secs -= 1;
    }
    int64_t days = secs / 86400;
    int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    int64_t y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    char buf[64];
    if (frac != 0 || alwaysMicros)
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", static_cast<long long>(y), m, d,
                      static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                      static_cast<long long>(rem % 60), static_cast<long long>(frac));
    else
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                      static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                      static_cast<long long>(rem % 60));
    return buf;
}

bool plausible(int64_t us) {
    constexpr int64_t k1990 = 631152000LL * 1'000'000;
    constexpr int64_t k2100 = 4102444800LL * 1'000'000;
    return us >= k1990 && us < k2100;
}

int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace siphon::timeutil
