#pragma once
// Timestamps in Siphon are int64 microseconds since the Unix epoch, UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siphon::timeutil {

struct ParsedTime {
    int64_t us = 0;
    int64_t precisionUs = 1'000'000;   // resolution the source string carried
};

// Accepts RFC 3339 / ISO 8601 ("2026-02-03T14:07:23.1960000Z", "+01:00" offsets), the
// space-separated SQL/ClickHouse/psql form ("2026-02-03 14:07:21.118", taken as UTC when no zone),
// and up to 9 fractional digits. Returns nullopt on anything else; never throws.
std::optional<ParsedTime> parseIso8601(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);

// Proleptic Gregorian date of a day count since 1970-01-01 (inverse of daysFromCivil).
void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

// .NET ticks (100 ns since 0001-01-01 UTC) to Unix microseconds.
constexpr int64_t kDotNetEpochTicks = 621355968000000000LL;
// Divides first, so no tick count (even one an adversary wrote) can overflow the subtraction.
inline int64_t dotNetTicksToUs(int64_t ticks) { return ticks / 10 - kDotNetEpochTicks / 10; }

// "2026-02-03T14:07:23.196000Z"; fraction digits trimmed to whole seconds when zero unless fixed.
std::string formatIso8601(int64_t us, bool alwaysMicros = false);

// Plausibility window for a log timestamp (1990..2100); outside it a record is rejected.
bool plausible(int64_t us);

// The wall clock in microseconds since the Unix epoch (for the *_at_us columns).
int64_t nowUs();

} // namespace siphon::timeutil
