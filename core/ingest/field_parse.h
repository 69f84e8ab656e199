#pragma once
// Strict parsing of field text shared by the readers: a value that is present but not a number
// or not a time is an error the reader turns into a reject, never a silent 0.
#include <cstdint>
#include <optional>
#include <string_view>

namespace siphon::ingest::field {

enum class Parse { Absent, Ok, Bad };

// Integer (optionally "12.0"); Absent for "", "null", "NULL", "\\N".
Parse parseInt(std::string_view text, int64_t& out);
Parse parseDouble(std::string_view text, double& out);
// Booleans: true/false/1/0/yes/no (any case).
Parse parseBool(std::string_view text, bool& out);
// ISO 8601 / RFC 3339 / "YYYY-MM-DD HH:MM:SS[.fff]" (UTC) or epoch seconds/ms/µs/ns by magnitude.
Parse parseTime(std::string_view text, int64_t& us, int64_t& precisionUs);

bool isNullText(std::string_view text);

// a + b, held at the int64 limits instead of wrapping (counts a log states are summed by readers
// before the plausibility check rejects them: core/ingest/plausible_counts.h).
inline int64_t addSaturating(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}
std::string_view trim(std::string_view text);

} // namespace siphon::ingest::field
