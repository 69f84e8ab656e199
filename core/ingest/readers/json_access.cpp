#include "ingest/readers/json_access.h"

#include <charconv>
#include <cmath>

namespace siphon::ingest::json {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool at(element el, std::string_view path, element& out) {
    element cur = el;
    while (true) {
        const size_t dot = path.find('.');
        const std::string_view seg = path.substr(0, dot);
        element next;
        if (cur.is_object()) {
            if (cur.get_object().at_key(seg).get(next)) return false;
        } else if (cur.is_array()) {
            size_t index = 0;
            auto [p, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), index);
            if (ec != std::errc() || p != seg.data() + seg.size()) return false;
            if (cur.get_array().at(index).get(next)) return false;
        } else {
            return false;
        }
        cur = next;
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
    }
    if (cur.is_null()) return false;
    out = cur;
    return true;
}

bool has(element el, std::string_view path) {
    element v;
    return at(el, path, v);
}

Parse getString(element el, std::string_view path, std::string& out) {
    element v;
    if (!at(el, path, v)) return Parse::Absent;
    switch (v.type()) {
    case element_type::STRING: out = std::string(v.get_string().value_unsafe()); return Parse::Ok;
    case element_type::INT64: out = std::to_string(v.get_int64().value_unsafe()); return Parse::Ok;
    case element_type::UINT64: out = std::to_string(v.get_uint64().value_unsafe()); return Parse::Ok;
    case element_type::DOUBLE: out = simdjson::minify(v); return Parse::Ok;
    case element_type::BOOL: out = v.get_bool().value_unsafe() ? "true" : "false"; return Parse::Ok;
    default: return Parse::Bad;
    }
}

Parse getInt(element el, std::string_view path, int64_t& out) {
    element v;
    if (!at(el, path, v)) return Parse::Absent;
    switch (v.type()) {
    case element_type::INT64: out = v.get_int64().value_unsafe(); return Parse::Ok;
    case element_type::UINT64: {
        const uint64_t u = v.get_uint64().value_unsafe();
        if (u > static_cast<uint64_t>(INT64_MAX)) return Parse::Bad;
        out = static_cast<int64_t>(u);
        return Parse::Ok;
    }
    case element_type::DOUBLE: {
        const double d = v.get_double().value_unsafe();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9e18) return Parse::Bad;
        out = static_cast<int64_t>(d);
        return Parse::Ok;
    }
    case element_type::STRING: return field::parseInt(v.get_string().value_unsafe(), out);
    default: return Parse::Bad;
    }
}

Parse getDouble(element el, std::string_view path, double& out) {
    element v;
    if (!at(el, path, v)) return Parse::Absent;
    switch (v.type()) {
    case element_type::INT64: out = static_cast<double>(v.get_int64().value_unsafe()); return Parse::Ok;
    case element_type::UINT64: out = static_cast<double>(v.get_uint64().value_unsafe()); return Parse::Ok;
    case element_type::DOUBLE: out = v.get_double().value_unsafe(); return Parse::Ok;
    case element_type::STRING: return field::parseDouble(v.get_string().value_unsafe(), out);
    default: return Parse::Bad;
    }
}

Parse getBool(element el, std::string_view path, bool& out) {
    element v;
    if (!at(el, path, v)) return Parse::Absent;
    switch (v.type()) {
    case element_type::BOOL: out = v.get_bool().value_unsafe(); return Parse::Ok;
    case element_type::STRING: return field::parseBool(v.get_string().value_unsafe(), out);
    case element_type::INT64: {
        const int64_t i = v.get_int64().value_unsafe();
        if (i != 0 && i != 1) return Parse::Bad;
        out = i == 1;
        return Parse::Ok;
    }
    default: return Parse::Bad;
    }
}

Parse getTime(element el, std::string_view path, int64_t& us, int64_t& precisionUs) {
    element v;
    if (!at(el, path, v)) return Parse::Absent;
    if (v.is_string()) return field::parseTime(v.get_string().value_unsafe(), us, precisionUs);
    if (v.is_number()) return field::parseTime(simdjson::minify(v), us, precisionUs);
    return Parse::Bad;
}

std::string str(element el, std::string_view path) {
    std::string out;
    if (getString(el, path, out) != Parse::Ok) out.clear();
    return out;
}

std::string_view view(element el, std::string_view path) {
    element v;
    std::string_view s;
    if (!at(el, path, v) || v.get_string().get(s)) return {};
    return s;
}

std::string excerpt(element el, size_t max) {
    std::string text = el.is_string() ? std::string(el.get_string().value_unsafe()) : simdjson::minify(el);
    if (text.size() > max) {
        text.resize(max);
        // Do not cut a UTF-8 sequence in half: drop continuation bytes at the end.
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
        if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80)) text.pop_back();
        text += "...";
    }
    return text;
}

void FieldReader::bad(std::string_view what, element base, std::string_view path) {
    element v;
    std::string shown;
    if (at(base, path, v)) shown = " '" + excerpt(v) + "'";
    fail(std::string(what) + " " + std::string(path) + shown);
}

std::optional<int64_t> FieldReader::optInt(std::string_view path, bool allowNegative) {
    return optIntAt(root_, path, allowNegative);
}

std::optional<int64_t> FieldReader::optIntAt(element base, std::string_view path, bool allowNegative) {
    int64_t v = 0;
    switch (getInt(base, path, v)) {
    case Parse::Absent: return std::nullopt;
    case Parse::Bad: bad("non-numeric", base, path); return std::nullopt;
    case Parse::Ok: break;
    }
    if (v < 0 && !allowNegative) {
        bad("negative", base, path);
        return std::nullopt;
    }
    return v;
}

std::optional<double> FieldReader::optDouble(std::string_view path) { return optDoubleAt(root_, path); }

std::optional<double> FieldReader::optDoubleAt(element base, std::string_view path) {
    double v = 0;
    switch (getDouble(base, path, v)) {
    case Parse::Absent: return std::nullopt;
    case Parse::Bad: bad("non-numeric", base, path); return std::nullopt;
    case Parse::Ok: return v;
    }
    return std::nullopt;
}

std::optional<bool> FieldReader::optBool(std::string_view path) {
    bool v = false;
    switch (getBool(root_, path, v)) {
    case Parse::Absent: return std::nullopt;
    case Parse::Bad: bad("invalid boolean", root_, path); return std::nullopt;
    case Parse::Ok: return v;
    }
    return std::nullopt;
}

bool FieldReader::time(std::string_view path, int64_t& us, int64_t& precisionUs) {
    switch (getTime(root_, path, us, precisionUs)) {
    case Parse::Absent: fail("missing " + std::string(path)); return false;
    case Parse::Bad: bad("unparseable", root_, path); return false;
    case Parse::Ok: return true;
    }
    return false;
}

} // namespace siphon::ingest::json
