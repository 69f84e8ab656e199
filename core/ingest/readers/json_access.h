#pragma once
// Typed access to simdjson DOM records by dotted path ("input.inputTokenCount"), shared by the
// JSON readers. Each getter says whether the value was Absent (missing key or JSON null), Ok, or
// Bad (present but not convertible), so a reader can reject "non-numeric X" instead of storing 0.
// Numbers given as strings ("1873") are accepted, as logs often quote them. Never throws.
#include "ingest/field_parse.h"

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siphon::ingest::json {

using field::Parse;

// The element at a dotted path; false when a segment is missing, the value is null, or a
// non-object is in the way. A segment of digits indexes an array ("choices.0.text").
bool at(simdjson::dom::element el, std::string_view path, simdjson::dom::element& out);
bool has(simdjson::dom::element el, std::string_view path);

// Strings as-is; numbers and booleans as their JSON text; objects/arrays are Bad.
Parse getString(simdjson::dom::element el, std::string_view path, std::string& out);
// Integers, integral doubles, and strings holding either.
Parse getInt(simdjson::dom::element el, std::string_view path, int64_t& out);
Parse getDouble(simdjson::dom::element el, std::string_view path, double& out);
// true/false, or strings accepted by field::parseBool.
Parse getBool(simdjson::dom::element el, std::string_view path, bool& out);
// ISO 8601 strings, or numbers taken as epoch seconds/ms/µs/ns by magnitude (field::parseTime).
Parse getTime(simdjson::dom::element el, std::string_view path, int64_t& us, int64_t& precisionUs);

// The string at path, or "" when absent/null/not a scalar.
std::string str(simdjson::dom::element el, std::string_view path);
// The string value (only strings) as a view into the parsed document; "" otherwise.
std::string_view view(simdjson::dom::element el, std::string_view path);

// Collects typed fields of one record and remembers the first problem, so a reader can read
// everything straight through and reject once at the end with a reason naming the field.
class FieldReader {
public:
    explicit FieldReader(simdjson::dom::element root) : root_(root) {}

    std::optional<int64_t> optInt(std::string_view path, bool allowNegative = false);
    std::optional<int64_t> optIntAt(simdjson::dom::element base, std::string_view path, bool allowNegative = false);
    std::optional<double> optDouble(std::string_view path);
    std::optional<double> optDoubleAt(simdjson::dom::element base, std::string_view path);
    std::optional<bool> optBool(std::string_view path);
    // Required timestamp: "missing <path>" when absent.
    bool time(std::string_view path, int64_t& us, int64_t& precisionUs);

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    void fail(std::string reason) {
        if (error_.empty()) error_ = std::move(reason);
    }

private:
    void bad(std::string_view what, simdjson::dom::element base, std::string_view path);

    simdjson::dom::element root_;
    std::string error_;
};

// A short, printable excerpt of the raw JSON of a value (for reject reasons).
std::string excerpt(simdjson::dom::element el, size_t max = 48);

} // namespace siphon::ingest::json
