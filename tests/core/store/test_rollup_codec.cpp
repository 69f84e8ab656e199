// The packed rollup blobs: round trips, merges, and damaged blobs that must fail cleanly (never
// read past the end, never accept out-of-order or out-of-range cells).
#include <catch2/catch.hpp>

#include "store/rollup_codec.h"

#include <random>

using namespace siphon::store;

namespace {

const std::vector<HourCell> kHours = {
    {0, 1, 3, 30, 300}, {0, 7, 1, -5, 0}, {5, 2, 1000000, 1LL << 40, 9}, {23, 1, 1, INT64_MAX, INT64_MIN}};
const std::vector<MinuteCell> kMinutes = {{0, 1, 1, 1}, {1, 2, 20, 200}, {600, 5, -7, 70}, {1439, 9, 0, 0}};

std::string hoursBlob(const std::vector<HourCell>& cells) {
    std::string b;
    encodeHours(cells, b);
    return b;
}
std::string minutesBlob(const std::vector<MinuteCell>& cells) {
    std::string b;
    encodeMinutes(cells, b);
    return b;
}

} // namespace

TEST_CASE("rollup blobs round-trip, leaving out cells with no request", "[store][rollup]") {
    std::vector<HourCell> h;
    REQUIRE(decodeHours(hoursBlob(kHours), h));
    CHECK(h == kHours);
    std::vector<MinuteCell> m;
    REQUIRE(decodeMinutes(minutesBlob(kMinutes), m));
    CHECK(m == kMinutes);

    auto withEmpty = kMinutes;
    withEmpty[1].requests = 0;
    m.clear();
    REQUIRE(decodeMinutes(minutesBlob(withEmpty), m));
    CHECK(m.size() == 3);
    CHECK(m[1].minute == 600);

    // An empty day is just the format byte.
    CHECK(hoursBlob({}) == std::string(1, static_cast<char>(kRollupFormat)));
    h.clear();
    CHECK(decodeHours(hoursBlob({}), h));
    CHECK(h.empty());
}

TEST_CASE("merging rollup blobs sums equal keys and keeps the order", "[store][rollup]") {
    std::string out;
    REQUIRE(mergeHours(hoursBlob({{0, 1, 1, 10, 100}, {3, 2, 1, 1, 1}}), hoursBlob({{0, 1, 2, 20, 200}, {0, 4, 1, 0, 0}}), out));
    std::vector<HourCell> h;
    REQUIRE(decodeHours(out, h));
    CHECK(h == std::vector<HourCell>{{0, 1, 3, 30, 300}, {0, 4, 1, 0, 0}, {3, 2, 1, 1, 1}});

    REQUIRE(mergeMinutes(minutesBlob({{5, 1, 1, 1}}), minutesBlob({{2, 1, 0, 0}, {5, 1, 2, 3}}), out));
    std::vector<MinuteCell> m;
    REQUIRE(decodeMinutes(out, m));
    CHECK(m == std::vector<MinuteCell>{{2, 1, 0, 0}, {5, 2, 3, 4}});

    CHECK_FALSE(mergeHours(hoursBlob(kHours), "", out));
    CHECK_FALSE(mergeMinutes("\x02", minutesBlob(kMinutes), out));
}

TEST_CASE("damaged rollup blobs fail to decode", "[store][rollup]") {
    std::vector<HourCell> h;
    std::vector<MinuteCell> m;
    CHECK_FALSE(decodeHours("", h));
    CHECK_FALSE(decodeHours(std::string("\x02", 1), h));                 // unknown format
    CHECK_FALSE(decodeHours(std::string("\x01\x18\x01\x01\x00\x00", 6), h));   // hour 24
    CHECK_FALSE(decodeMinutes(std::string("\x01\xa0\x0b\x01\x00\x00", 6), m)); // minute 1440
    // Hour 3 then hour 1: the delta cannot go back, but a second cell at the same hour and a lower
    // model is out of order.
    CHECK_FALSE(decodeHours(std::string("\x01\x03\x05\x01\x00\x00\x00\x02\x01\x00\x00", 11), h));
    CHECK_FALSE(decodeMinutes(std::string("\x01\x03\x01\x00\x00\x00\x01\x00\x00", 9), m));   // minute repeated
    // A varint longer than 64 bits, and one that never ends.
    CHECK_FALSE(decodeMinutes(std::string("\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x00\x00", 14), m));
    CHECK_FALSE(decodeMinutes(std::string("\x01\x00\x81", 3), m));
    // A request count above INT64_MAX.
    CHECK_FALSE(decodeMinutes(std::string("\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x00\x00", 14), m));

    // Every truncation of a valid blob either fails or decodes to a prefix of its cells.
    const std::string full = hoursBlob(kHours);
    for (size_t n = 0; n < full.size(); ++n) {
        h.clear();
        const std::string cut = full.substr(0, n);   // its own buffer: a read past the end is a sanitizer error
        if (decodeHours(cut, h)) {
            REQUIRE(h.size() < kHours.size());
            CHECK(std::equal(h.begin(), h.end(), kHours.begin()));
        }
    }
    const std::string fullM = minutesBlob(kMinutes);
    for (size_t n = 0; n < fullM.size(); ++n) {
        m.clear();
        const std::string cut = fullM.substr(0, n);
        if (decodeMinutes(cut, m)) CHECK(m.size() < kMinutes.size());
    }
}

TEST_CASE("random bytes never crash the rollup decoder", "[store][rollup]") {
    std::mt19937 rng(7);
    std::vector<HourCell> h;
    std::vector<MinuteCell> m;
    std::string out;
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string blob(1 + rng() % 24, '\0');
        for (char& c : blob) c = static_cast<char>(rng());
        blob[0] = static_cast<char>(kRollupFormat);
        h.clear();
        m.clear();
        if (decodeHours(blob, h)) {
            ++decoded;
            for (size_t k = 0; k < h.size(); ++k) {
                CHECK(h[k].hour >= 0);
                CHECK(h[k].hour < 24);
            }
        }
        if (decodeMinutes(blob, m)) {
            for (const MinuteCell& c : m) CHECK(c.minute < 1440);
        }
        (void)mergeMinutes(blob, blob, out);
    }
    CHECK(decoded > 0);
}
