#include "ingest/field_parse.h"

#include "util/time_util.h"

#include <charconv>
#include <cmath>

namespace siphon::ingest::field {

std::string_view trim(std::string_view t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    return t;
}

bool isNullText(std::string_view t) {
    t = trim(t);
    return t.empty() || t == "null" || t == "NULL" || t == "\\N" || t == "None";
}

Parse parseInt(std::string_view text, int64_t& out) {
    if (isNullText(text)) return Parse::Absent;
    text = trim(text);
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, out);
    if (ec == std::errc() && p == end) return Parse::Ok;
    double d;
    auto [p2, ec2] = std::from_chars(text.data(), end, d);
    if (ec2 == std::errc() && p2 == end && std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e18) {
        out = static_cast<int64_t>(d);
        return Parse::Ok;
    }
    return Parse::Bad;
}

Parse parseDouble(std::string_view text, double& out) {
    if (isNullText(text)) return Parse::Absent;
    text = trim(text);
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && p == end && std::isfinite(out) ? Parse::Ok : Parse::Bad;
}

Parse parseBool(std::string_view text, bool& out) {
    if (isNullText(text)) return Parse::Absent;
    text = trim(text);
    auto eq = [&](std::string_view w) {
        if (w.size() != text.size()) return false;
        for (size_t i = 0; i < w.size(); ++i)
            if ((text[i] | 0x20) != w[i]) return false;
        return true;
    };
    if (eq("true") || eq("1") || eq("yes") || eq("t")) return out = true, Parse::Ok;
    if (eq("false") || eq("0") || eq("no") || eq("f")) return out = false, Parse::Ok;
    return Parse::Bad;
}

Parse parseTime(std::string_view text, int64_t& us, int64_t& precisionUs) {
    if (isNullText(text)) return Parse::Absent;
    text = trim(text);
    if (auto t = timeutil::parseIso8601(text)) {
        us = t->us;
        precisionUs = t->precisionUs;
        return timeutil::plausible(us) ? Parse::Ok : Parse::Bad;
    }
    double v;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p != end || !std::isfinite(v) || v <= 0) return Parse::Bad;
    // Epoch by magnitude: seconds < 1e11 < milliseconds < 1e14 < microseconds < 1e17 < nanoseconds.
    const bool fractional = text.find('.') != std::string_view::npos;
    double micros;
    if (v < 1e11) {
        micros = std::nearbyint(v * 1e6);
        precisionUs = fractional ? 1000 : 1'000'000;
    } else if (v < 1e14) {
        micros = std::nearbyint(v * 1e3);
        precisionUs = 1000;
    } else if (v < 1e17) {
        micros = v;
        precisionUs = 1;
    } else {
        micros = v / 1e3;
        precisionUs = 1;
    }
    // Out of int64 range (1e300 is a valid number) would make the cast undefined: reject first.
    if (!(micros < 9e18)) return Parse::Bad;
    us = static_cast<int64_t>(micros);
    return timeutil::plausible(us) ? Parse::Ok : Parse::Bad;
}

} // namespace siphon::ingest::field
