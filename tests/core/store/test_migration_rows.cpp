// Migrations 4, 5 and 6 move rollups, prompt text and raw records into new tables behind views of
// the old names: an earlier case's rows must read back identically through those views.
#include <catch2/catch.hpp>

#include "rollup_totals.h"
#include "store/case_file.h"
#include "store/schema.h"
#include "db_text.h"
#include "test_paths.h"

using namespace siphon;
using namespace siphon::store;

namespace {
std::string text(Database& db, const std::string& sql) { return test::firstText(db, sql); }
} // namespace

TEST_CASE("a version-3 case keeps its rollups and prompts through migrations 4 and 5", "[store][migration]") {
    test::TempDir dir;
    const auto path = dir.file("v3.siphon");
    {
        auto raw = Database::open(path, OpenMode::ReadWriteCreate);
        REQUIRE(raw.ok());
        REQUIRE(migrate(*raw, 3).ok());
        REQUIRE(raw->exec(R"SQL(
INSERT INTO source_file(id, path, display_name, sha256, size_bytes, format, importer_version, imported_at_us)
  VALUES (1, 'a.csv', 'a.csv', 'abc', 10, 'generic_csv', 'siphon 0', 0);
INSERT INTO request(id, source_file_id, line, byte_offset, byte_length, source_format, record_key, key_hash,
                    content_hash, ts_start_us, ts_precision_us, has_content)
  VALUES (1, 1, 2, 0, 10, 'generic_csv', 'r1', 1, 1, 0, 1000, 1), (2, 1, 3, 10, 10, 'generic_csv', 'r2', 2, 2, 0, 1000, 0);
INSERT INTO request_raw(request_id, raw) VALUES (1, X'6869'), (2, X'6869');
INSERT INTO request_content(request_id, prompt, response) VALUES (1, 'explain step by step', 'Step 1');
INSERT INTO rollup_hour VALUES (0, 'acct-a', 3600000000, 'gpt', 5, 50, 500), (2, 'key-1', 3600000000, '', 2, 20, 200);
INSERT INTO rollup_minute VALUES (0, 'acct-a', 3660000000, 5, 50, 500), (4, '10.0.0.1', 3660000000, 1, 1, 1);
)SQL").ok());
    }
    auto db = openCase(path, CaseAccess::Write);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == latestSchemaVersion());

    CHECK(test::describeRollup(*db, EntityLevel::Account, "acct-a", test::RollupCells::Hours) ==
          "3600000000/gpt/5/50/500");
    CHECK(test::describeRollup(*db, EntityLevel::Key, "key-1", test::RollupCells::Hours) == "3600000000//2/20/200");
    CHECK(test::describeRollup(*db, EntityLevel::Account, "acct-a", test::RollupCells::Minutes) ==
          "3660000000/5/50/500");
    CHECK(test::describeRollup(*db, EntityLevel::Ip, "10.0.0.1", test::RollupCells::Minutes) == "3660000000/1/1/1");
    CHECK(*db->queryInt("SELECT count(*) FROM entity") == 3);

    // Only the request with content appears in request_content, with its text unchanged.
    CHECK(*db->queryInt("SELECT count(*) FROM request_content") == 1);
    CHECK(text(*db, "SELECT prompt || '|' || response FROM request_content WHERE request_id = 1") ==
          "explain step by step|Step 1");
    CHECK(text(*db, "SELECT hex(raw) FROM request_raw WHERE request_id = 2") == "6869");
}

TEST_CASE("a version-5 prompt stored as a slice of its raw record reads back after migration 6", "[store][migration]") {
    test::TempDir dir;
    const auto path = dir.file("c.siphon");
    {
        auto raw = Database::open(path, OpenMode::ReadWriteCreate);
        REQUIRE(raw.ok());
        REQUIRE(migrate(*raw, 5).ok());
        REQUIRE(raw->exec(R"SQL(
INSERT INTO source_file(id, path, display_name, sha256, size_bytes, format, importer_version, imported_at_us)
  VALUES (1, 'a.jsonl', 'a.jsonl', 'abc', 10, 'generic_jsonl', 'siphon 0', 0);
INSERT INTO request(id, source_file_id, line, byte_offset, byte_length, source_format, record_key, key_hash,
                    content_hash, ts_start_us, ts_precision_us, has_content)
  VALUES (1, 1, 1, 0, 40, 'generic_jsonl', 'r1', 1, 1, 0, 1000, 1);
INSERT INTO request_raw(request_id, raw, prompt_at, prompt_len, response, response_at)
  VALUES (1, CAST('{"p":"héllo","r":"a\nb"}' AS BLOB), 6, 6, 'a' || char(10) || 'b', NULL);
)SQL").ok());
    }
    auto db = openCase(path, CaseAccess::Write);
    REQUIRE(db.ok());
    CHECK(text(*db, "SELECT prompt FROM request_content WHERE request_id = 1") == "h\xC3\xA9llo");
    CHECK(text(*db, "SELECT CAST(raw AS TEXT) FROM request_raw WHERE request_id = 1") == "{\"p\":\"h\xC3\xA9llo\",\"r\":\"a\\nb\"}");
    CHECK(text(*db, "SELECT response FROM request_content WHERE request_id = 1") == "a\nb");
}
