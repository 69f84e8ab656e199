// The warehouse feature SQL: the sqlite dialect's query, run on the case's own request table,
// gives the same feature values as the app's analysis of the same rows (within
// kFeatureTolerance, relative), at the account, key and IP levels; every engine's SQL generates;
// names that are not plain identifiers are refused, never escaped into SQL.
#include "warehouse_test_util.h"

#include "analysis/detector_config.h"
#include "store/case_file.h"
#include "warehouse/feature_sql.h"
#include "warehouse/sqlite_runner.h"

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::warehouse;

namespace {

FeatureSqlOptions caseOptions(Engine engine, EntityLevel level) {
    FeatureSqlOptions o;
    o.engine = engine;
    o.level = level;
    o.mapping = WarehouseMapping::caseRequests();
    o.table = "request";
    o.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    return o;
}

} // namespace

TEST_CASE("sqlite feature SQL over a case's requests equals the app's features", "[warehouse]") {
    test::GeneratedCase c;
    test::buildGeneratedCase(c, 40, 9);
    auto db = store::openCase(c.path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    for (EntityLevel level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
        INFO("level " << levelInfo(level).name);
        auto sql = generateFeatureSql(caseOptions(Engine::Sqlite, level));
        REQUIRE(sql.ok());
        auto extract = runSqliteFeatures(*db, sql->featureQuery);
        REQUIRE(extract.ok());
        const test::FeatureMap app = test::appFeatures(*db, level);
        REQUIRE(app.size() > 10);
        CHECK(test::compareFeatures(app, test::extractFeatures(*extract)) == "");
        // The comparison is not vacuous: every feature is available for some entity.
        for (const auto& f : extractFeatureColumns()) {
            bool any = false;
            for (const auto& [e, values] : app) any = any || values.at(f).has_value();
            if (f != "cache_reuse") CHECK((any || f == "new_account_burst"));
        }
    }
}

TEST_CASE("feature SQL generates for every engine with the text sample where prompts are mapped", "[warehouse]") {
    for (Engine e : {Engine::Sqlite, Engine::ClickHouse, Engine::Postgres, Engine::BigQuery, Engine::Spark, Engine::Trino}) {
        INFO(engineName(e));
        auto sql = generateFeatureSql(caseOptions(e, EntityLevel::Account));
        REQUIRE(sql.ok());
        CHECK(sql->featureQuery.find("AS new_account_burst") != std::string::npos);
        CHECK(!sql->sampleQuery.empty());
        // ClickHouse 18.16 has no window functions: its SQL uses arrays instead.
        CHECK((sql->featureQuery.find(" OVER (") == std::string::npos) == (e == Engine::ClickHouse));
        CHECK((sql->sampleQuery.find("LIMIT 200 BY entity") != std::string::npos) == (e == Engine::ClickHouse));
    }
    auto narrow = generateFeatureSql(FeatureSqlOptions{});
    REQUIRE(narrow.ok());
    CHECK(narrow->sampleQuery.empty());   // the narrow default maps no prompt column
}

TEST_CASE("table and column names that are not plain identifiers are refused", "[warehouse]") {
    FeatureSqlOptions o;
    o.table = "requests; DROP TABLE x";
    auto bad = generateFeatureSql(o);
    REQUIRE(!bad.ok());
    CHECK(bad.error().message.find("table name") != std::string::npos);
    o.table = "logs.requests";
    CHECK(generateFeatureSql(o).ok());
    o.table = "a.b.c";
    CHECK(!generateFeatureSql(o).ok());
    CHECK(!isIdentifier("1abc"));
    CHECK(!isIdentifier("a\"b"));
    CHECK(!isIdentifier(""));
    CHECK(isIdentifier("ts_start_us"));
    // A batch marker from the config is a literal with its quote doubled, never SQL.
    o.table = "requests";
    o.batchEndpointMarkers = {"it's"};
    auto sql = generateFeatureSql(o);
    REQUIRE(sql.ok());
    CHECK(sql->featureQuery.find("'it''s'") != std::string::npos);
}

TEST_CASE("mapping files: overrides, unknown fields and bad column names", "[warehouse]") {
    test::TempDir dir;
    const std::string good = dir.file("good.json");
    test::writeFile(good, R"({"columns": {"timestamp": "ts_ms", "account_id": "org", "prompt": "body"}, "timestamp_unit": "ms"})");
    auto m = WarehouseMapping::load(good);
    REQUIRE(m.ok());
    CHECK((*m)[WField::Timestamp] == "ts_ms");
    CHECK((*m)[WField::Account] == "org");
    CHECK(m->has(WField::Prompt));
    CHECK(m->timeUnit == TimeUnit::Millis);
    CHECK(m->toJson().find("\"timestamp_unit\":\"ms\"") != std::string::npos);

    const std::string unknown = dir.file("unknown.json");
    test::writeFile(unknown, R"({"columns": {"tenant": "t"}})");
    auto u = WarehouseMapping::load(unknown);
    REQUIRE(!u.ok());
    CHECK(u.error().message.find("unknown field 'tenant'") != std::string::npos);

    const std::string hostile = dir.file("hostile.json");
    test::writeFile(hostile, R"({"columns": {"model": "m) FROM x --"}})");
    auto h = WarehouseMapping::load(hostile);
    REQUIRE(!h.ok());
    CHECK(h.error().message.find("not a plain column name") != std::string::npos);

    const std::string unit = dir.file("unit.json");
    test::writeFile(unit, R"({"timestamp_unit": "fortnights"})");
    CHECK(!WarehouseMapping::load(unit).ok());
    const std::string notJson = dir.file("bad.json");
    test::writeFile(notJson, "{columns");
    CHECK(WarehouseMapping::load(notJson).error().code == ErrorCode::Format);
    CHECK(WarehouseMapping::load(dir.file("absent.json")).error().code == ErrorCode::Io);
}

TEST_CASE("extract numbers parse locale-free and a foreign column list is refused", "[warehouse]") {
    CHECK(*parseExtractNumber("-0.5", "x") == -0.5);
    CHECK(*parseExtractNumber("1e-07", "x") == 1e-07);
    CHECK(std::isinf(*parseExtractNumber("inf", "x")));
    auto bad = parseExtractNumber("1,5", "volume");
    REQUIRE(!bad.ok());
    CHECK(bad.error().message.find("volume") != std::string::npos);
    CHECK(checkExtractColumns(extractColumns()).ok());
    auto cols = extractColumns();
    std::swap(cols[1], cols[2]);
    CHECK(!checkExtractColumns(cols).ok());
}
