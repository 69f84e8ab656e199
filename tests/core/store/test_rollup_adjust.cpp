// RollupAdjuster (store/rollup_adjust.h): taking stored requests' contributions out of the packed
// rollups and the entity totals, as the CloudTrail <-> Bedrock join does when it removes a row.
// After the rows are deleted and their contributions removed, the totals and cells equal what
// the remaining rows add up to, an entity left without requests is gone, and an entity whose
// first hour lost its last request starts at its next hour.
#include "../ingest/import_test_util.h"
#include "rollup_totals.h"

#include "store/rollup_adjust.h"

using namespace siphon;
using namespace siphon::test;

namespace {

constexpr int64_t kHourUs = 3'600'000'000;

// Rows at 10:00 (acct0, k-only-here) and 11:00 / 12:00 (acct0, k1).
std::string rowsCsv() {
    return std::string(kCsvHeader) +
        "2026-02-03T10:00:00Z,acct0,k-only-here,10.0.0.1,gpt-4o,10,100,req-1,hello\n"
        "2026-02-03T11:00:00Z,acct0,k1,10.0.0.1,gpt-4o,20,200,req-2,hello\n"
        "2026-02-03T12:30:00Z,acct0,k1,10.0.0.2,gpt-4o,30,300,req-3,hello\n";
}

store::RollupRequest first() {
    store::RollupRequest r;
    r.tsUs = 1770112800LL * 1'000'000; // 2026-02-03T10:00:00Z
    r.model = "gpt-4o";
    r.inputTokens = 10;
    r.outputTokens = 100;
    r.entities = {"acct0", "", "k-only-here", "", "10.0.0.1"};
    return r;
}

} // namespace

TEST_CASE("Taking a request out of the rollups leaves them equal to the remaining rows", "[store][rollup][join]") {
    TempDir dir;
    writeFile(dir.file("rows.csv"), rowsCsv());
    auto db = openTestCase(dir.file("case.siphon"));
    importOk(db, {dir.file("rows.csv")});
    const int64_t firstHour = first().tsUs;
    REQUIRE(count(db, "SELECT first_hour_us FROM entity WHERE level = 0 AND name = 'acct0'") == firstHour);

    store::Transaction tx(db);
    REQUIRE(tx.began().ok());
    REQUIRE(db.exec("DELETE FROM request WHERE request_id = 'req-1'").ok());
    store::RollupAdjuster adjuster(db);
    adjuster.remove(first());
    REQUIRE(adjuster.apply().ok());
    REQUIRE(tx.commit().ok());

    CHECK(count(db, "SELECT count(*) FROM entity WHERE name = 'k-only-here'") == 0);
    CHECK(text(db,
               "SELECT requests || '|' || input_tokens || '|' || output_tokens || '|' || first_hour_us || '|' ||"
               " last_hour_us FROM entity WHERE level = 0 AND name = 'acct0'") ==
          "2|50|500|" + std::to_string(firstHour + kHourUs) + "|" + std::to_string(firstHour + 2 * kHourUs));
    CHECK(count(db, "SELECT requests FROM entity WHERE level = 4 AND name = '10.0.0.1'") == 1);
    CHECK(count(db, "SELECT first_hour_us FROM entity WHERE level = 4 AND name = '10.0.0.1'") == firstHour + kHourUs);
    for (EntityLevel level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
        CHECK(rollupTotals(db, level, RollupCells::Hours).requests == 2);
        CHECK(rollupTotals(db, level, RollupCells::Minutes).outputTokens == 500);
    }
}

TEST_CASE("A change that would take a rollup cell below zero is refused", "[store][rollup][join]") {
    TempDir dir;
    writeFile(dir.file("rows.csv"), rowsCsv());
    auto db = openTestCase(dir.file("case.siphon"));
    importOk(db, {dir.file("rows.csv")});
    store::Transaction tx(db);
    REQUIRE(tx.began().ok());
    store::RollupAdjuster adjuster(db);
    adjuster.remove(first());
    adjuster.remove(first()); // the request was counted once
    const Status s = adjuster.apply();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Corrupt);
}
