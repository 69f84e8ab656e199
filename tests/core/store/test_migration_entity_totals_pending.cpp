// Migration 11 adds the import run's entity totals log (ingest/entity_totals_log.h): a version-10
// case opens with an empty log and its entities' totals untouched.
#include <catch2/catch.hpp>

#include "store/case_file.h"
#include "store/schema.h"
#include "test_paths.h"

using namespace siphon;
using namespace siphon::store;

TEST_CASE("a version-10 case gains an empty entity totals log and keeps its totals", "[store][migration]") {
    test::TempDir dir;
    const auto path = dir.file("v10.siphon");
    {
        auto raw = Database::open(path, OpenMode::ReadWriteCreate);
        REQUIRE(raw.ok());
        REQUIRE(migrate(*raw, 10).ok());
        REQUIRE(raw->exec("INSERT INTO entity(id, level, name, requests, input_tokens, output_tokens, first_hour_us,"
                          " last_hour_us) VALUES (1, 0, 'acct-a', 7, 70, 700, 3600000000, 7200000000)")
                    .ok());
        CHECK(*raw->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'entity_totals_pending'") == 0);
    }
    auto db = openCase(path, CaseAccess::Write);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == latestSchemaVersion());
    CHECK(*db->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'entity_totals_pending'") == 1);
    CHECK(*db->queryInt("SELECT count(*) FROM entity_totals_pending") == 0);
    CHECK(*db->queryInt("SELECT requests * 1000000 + input_tokens * 1000 + output_tokens FROM entity WHERE id = 1") ==
          7 * 1000000 + 70 * 1000 + 700);
    CHECK(*db->queryInt("SELECT last_hour_us - first_hour_us FROM entity WHERE id = 1") == 3600000000);
}
