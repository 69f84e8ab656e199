// Day rows are upserted many per statement: a (day, entity) new to the case is inserted as given,
// one already there has its hour and minute cells summed with the new ones, and rows the
// transaction does not name are left alone; also past a statement's worth of rows.
#include "import_test_util.h"

#include "ingest/rollup_day_upsert.h"
#include "ingest/rollup_merge_function.h"
#include "store/rollup_codec.h"

using namespace siphon;
using namespace siphon::test;

namespace {

constexpr int64_t kDay = 86'400'000'000;

struct Blobs {
    std::string hours, minutes;
};

Blobs blobsOf(int64_t requests) {
    Blobs b;
    const store::HourCell h{3, 1, requests, 10 * requests, 100 * requests};
    const store::MinuteCell m{200, requests, 10 * requests, 100 * requests};
    store::encodeHours(std::span(&h, 1), b.hours);
    store::encodeMinutes(std::span(&m, 1), b.minutes);
    return b;
}

// The stored row's (requests in its hour cell, requests in its minute cell), or (-1, -1).
std::pair<int64_t, int64_t> stored(const store::Database& db, int64_t day, int64_t entity) {
    auto st = db.prepare("SELECT hours, minutes FROM rollup_day WHERE day_us = ?1 AND entity_id = ?2");
    REQUIRE(st.ok());
    st->bind(1, day).bind(2, entity);
    if (st->step() != store::StepResult::Row) return {-1, -1};
    std::vector<store::HourCell> hours;
    std::vector<store::MinuteCell> minutes;
    REQUIRE(store::decodeHours(st->columnText(0), hours));
    REQUIRE(store::decodeMinutes(st->columnText(1), minutes));
    REQUIRE(hours.size() == 1);
    REQUIRE(minutes.size() == 1);
    return {hours[0].requests, minutes[0].requests};
}

} // namespace

TEST_CASE("day rows are inserted or merged many per statement", "[ingest][rollup]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    REQUIRE(ingest::registerRollupMergeFunctions(db).ok());
    ingest::RollupDayUpsert upsert(db);
    REQUIRE(upsert.prepare().ok());

    // Day 1: entities 1-40 with entity-many requests; entity 41 is never named again.
    const int entities = ingest::RollupDayUpsert::kRowsPerStatement + 8;
    std::vector<Blobs> first;
    for (int e = 1; e <= entities + 1; ++e) first.push_back(blobsOf(e));
    std::vector<ingest::RollupDayUpsert::Row> rows;
    for (int e = 1; e <= entities + 1; ++e) rows.push_back({kDay, e, first[e - 1].hours, first[e - 1].minutes});
    REQUIRE(upsert.apply(rows).ok());

    // A later transaction: one more request for entities 1-40 on day 1, and day 2 for entity 5.
    const Blobs one = blobsOf(1);
    rows.clear();
    for (int e = 1; e <= entities; ++e) rows.push_back({kDay, e, one.hours, one.minutes});
    rows.push_back({2 * kDay, 5, one.hours, one.minutes});
    REQUIRE(upsert.apply(rows).ok());

    CHECK(count(db, "SELECT count(*) FROM rollup_day") == entities + 2);
    for (int e = 1; e <= entities; ++e) CHECK(stored(db, kDay, e) == std::pair<int64_t, int64_t>(e + 1, e + 1));
    CHECK(stored(db, kDay, entities + 1) == std::pair<int64_t, int64_t>(entities + 1, entities + 1));
    CHECK(stored(db, 2 * kDay, 5) == std::pair<int64_t, int64_t>(1, 1));
}
