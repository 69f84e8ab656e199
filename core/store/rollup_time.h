#pragma once
// UTC bucket arithmetic shared by the rollup writer, the migration and the readers. Floors toward
// minus infinity, so instants before 1970 land in the bucket that contains them.
#include <cstdint>

namespace siphon::store::rollup_time {

constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kHourUs = 60 * kMinuteUs;
constexpr int64_t kDayUs = 24 * kHourUs;

constexpr int64_t floorTo(int64_t us, int64_t width) {
    int64_t q = us / width;
    if (us % width < 0) --q;
    return q * width;
}

constexpr int64_t dayOf(int64_t us) { return floorTo(us, kDayUs); }
constexpr int32_t hourOfDay(int64_t us) { return static_cast<int32_t>((us - dayOf(us)) / kHourUs); }
constexpr int32_t minuteOfDay(int64_t us) { return static_cast<int32_t>((us - dayOf(us)) / kMinuteUs); }

} // namespace siphon::store::rollup_time
