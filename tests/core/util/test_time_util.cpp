#include <catch2/catch.hpp>

#include "util/time_util.h"

#include <limits>

using namespace siphon::timeutil;

TEST_CASE("ISO 8601 timestamps parse to UTC microseconds with their precision", "[time]") {
    auto t = parseIso8601("2026-02-03T14:07:23.1960000Z");
    REQUIRE(t);
    CHECK(t->us == 1770127643196000LL);
    CHECK(t->precisionUs == 1);
    auto s = parseIso8601("2026-02-03T14:07:22Z");
    REQUIRE(s);
    CHECK(s->us == 1770127642000000LL);
    CHECK(s->precisionUs == 1000000);
    auto off = parseIso8601("2026-02-03T15:07:22+01:00");
    REQUIRE(off);
    CHECK(off->us == s->us);
    auto sql = parseIso8601("2026-02-03 14:07:21.118");
    REQUIRE(sql);
    CHECK(sql->us == 1770127641118000LL);
    CHECK(sql->precisionUs == 1000);
    auto ns = parseIso8601("2025-05-15 14:17:22.000000000");
    REQUIRE(ns);
    CHECK(ns->precisionUs == 1);
}

TEST_CASE("malformed timestamps are refused, not guessed", "[time]") {
    CHECK_FALSE(parseIso8601("yesterday"));
    CHECK_FALSE(parseIso8601("2026-13-03T14:07:22Z"));
    CHECK_FALSE(parseIso8601("2026-02-03T14:07:22Zjunk"));
    CHECK_FALSE(parseIso8601(""));
}

TEST_CASE(".NET ticks convert to Unix microseconds", "[time]") {
    // From the Azure sample: requestTime 638481757794854611 ~ 2024-04-08T12:23:
    const int64_t us = dotNetTicksToUs(638481757794854611LL);
    CHECK(formatIso8601(us).substr(0, 16) == "2024-04-08T12:22");
}

TEST_CASE("formatting round-trips", "[time]") {
    CHECK(formatIso8601(1770127642000000LL) == "2026-02-03T14:07:22Z");
    CHECK(formatIso8601(1770127642000001LL) == "2026-02-03T14:07:22.000001Z");
    CHECK(formatIso8601(-1) == "1969-12-31T23:59:59.999999Z");
}

TEST_CASE(".NET ticks at the ends of int64 convert without overflow and are implausible", "[util][time]") {
    CHECK_FALSE(plausible(dotNetTicksToUs(std::numeric_limits<int64_t>::min())));
    CHECK_FALSE(plausible(dotNetTicksToUs(std::numeric_limits<int64_t>::max())));
    CHECK(dotNetTicksToUs(kDotNetEpochTicks) == 0);
}
