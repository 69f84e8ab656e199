// Migration 7 packs the version-4 rollup rows into one rollup_day row per entity and UTC day:
// every cell must read back identically, and each entity's totals must equal its old rows' sums.
#include <catch2/catch.hpp>

#include "rollup_totals.h"
#include "store/case_file.h"
#include "store/schema.h"
#include "db_text.h"
#include "test_paths.h"

using namespace siphon;
using namespace siphon::store;

namespace {
constexpr int64_t H = 3'600'000'000;   // an hour in microseconds
constexpr int64_t D = 24 * H;

std::string text(Database& db, const std::string& sql) { return test::firstText(db, sql); }
} // namespace

TEST_CASE("a version-6 case's rollups read back identically after migration 7", "[store][migration]") {
    test::TempDir dir;
    const auto path = dir.file("v6.siphon");
    {
        auto raw = Database::open(path, OpenMode::ReadWriteCreate);
        REQUIRE(raw.ok());
        REQUIRE(migrate(*raw, 6).ok());
        // acct-a: two models in one hour, an hour at the end of day 10 and one at the start of day
        // 11; key-1: a day before 1970 (negative times floor to the day that holds them); ip: minutes
        // only (no hour rows; an import never writes that): packed, with no request totals.
        REQUIRE(raw->exec(
            "INSERT INTO entity(id, level, name) VALUES (1, 0, 'acct-a'), (2, 2, 'key-1'), (3, 4, '10.0.0.1');"
            "INSERT INTO model_name(id, name) VALUES (1, ''), (2, 'gpt'), (3, 'o1');"
            "INSERT INTO rollup_hour_by_id VALUES"
            " (1, " + std::to_string(10 * D + 5 * H) + ", 2, 4, 40, 400), (1, " + std::to_string(10 * D + 5 * H) +
            ", 3, 1, 7, 70), (1, " + std::to_string(10 * D + 23 * H) + ", 2, 2, 20, 200), (1, " +
            std::to_string(11 * D) + ", 3, 3, 30, 300), (2, " + std::to_string(-D + 22 * H) + ", 1, 6, 60, 600);"
            "INSERT INTO rollup_minute_by_id VALUES"
            " (1, " + std::to_string(10 * D + 5 * H + 60'000'000) + ", 5, 47, 470), (1, " +
            std::to_string(10 * D + 23 * H + 59 * 60'000'000LL) + ", 2, 20, 200), (1, " + std::to_string(11 * D) +
            ", 3, 30, 300), (2, " + std::to_string(-D + 22 * H) + ", 6, 60, 600), (3, 120000000, 1, 1, 1);")
                    .ok());
    }
    auto db = openCase(path, CaseAccess::Write);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == latestSchemaVersion());
    CHECK(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'rollup_hour%' OR name LIKE"
                        " 'rollup_minute%'") == 0);
    // Rows: acct-a days 10 and 11, key-1 day -1, the ip's day 0.
    CHECK(*db->queryInt("SELECT count(*) FROM rollup_day") == 4);

    const auto s = [](int64_t v) { return std::to_string(v); };
    CHECK(test::describeRollup(*db, EntityLevel::Account, "acct-a", test::RollupCells::Hours) ==
          s(10 * D + 5 * H) + "/gpt/4/40/400;" + s(10 * D + 5 * H) + "/o1/1/7/70;" + s(10 * D + 23 * H) +
              "/gpt/2/20/200;" + s(11 * D) + "/o1/3/30/300");
    CHECK(test::describeRollup(*db, EntityLevel::Account, "acct-a", test::RollupCells::Minutes) ==
          s(10 * D + 5 * H + 60'000'000) + "/5/47/470;" + s(10 * D + 23 * H + 59 * 60'000'000LL) + "/2/20/200;" +
              s(11 * D) + "/3/30/300");
    CHECK(test::describeRollup(*db, EntityLevel::Key, "key-1", test::RollupCells::Hours) == s(-D + 22 * H) + "//6/60/600");
    CHECK(test::describeRollup(*db, EntityLevel::Key, "key-1", test::RollupCells::Minutes) == s(-D + 22 * H) + "/6/60/600");
    CHECK(text(*db, "SELECT day_us FROM rollup_day WHERE entity_id = 2") == s(-D));

    // Totals (hour resolution for first/last), and none for an entity without hour rows.
    CHECK(text(*db, "SELECT requests || '/' || input_tokens || '/' || output_tokens || '/' || first_hour_us || '/' ||"
                    " last_hour_us FROM entity WHERE name = 'acct-a'") ==
          "10/97/970/" + s(10 * D + 5 * H) + "/" + s(11 * D));
    CHECK(text(*db, "SELECT requests || '/' || first_hour_us FROM entity WHERE name = 'key-1'") == "6/" + s(-D + 22 * H));
    CHECK(*db->queryInt("SELECT requests FROM entity WHERE name = '10.0.0.1'") == 0);
    CHECK(test::describeRollup(*db, EntityLevel::Ip, "10.0.0.1", test::RollupCells::Minutes) == "120000000/1/1/1");
    CHECK(test::describeRollup(*db, EntityLevel::Ip, "10.0.0.1", test::RollupCells::Hours).empty());
}

TEST_CASE("a fresh case has no old rollup tables and packs rollups per day", "[store][migration]") {
    test::TempDir dir;
    auto db = openCase(dir.file("c.siphon"), CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'rollup_day'") == 1);
    CHECK(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name IN ('rollup_hour', 'rollup_minute',"
                        " 'rollup_hour_by_id', 'rollup_minute_by_id')") == 0);
}
