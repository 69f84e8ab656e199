// siphon-cli warehouse sql|features: the SQL printed for every engine, and the usage errors that
// stop before any case or server is touched (bad engine, bad table name, hostile mapping, a
// URL of the wrong engine, a missing CASE). The password of a refused URL is never echoed.
#include "test_paths.h"

#include <catch2/catch.hpp>

using siphon::test::runCli;

TEST_CASE("warehouse sql prints the feature SQL for every engine", "[warehouse][cli]") {
    for (const char* engine : {"clickhouse", "postgres", "sqlite", "bigquery", "spark", "trino"}) {
        INFO(engine);
        auto r = runCli({"warehouse", "sql", "--engine", engine, "--level", "key"});
        CHECK(r.exitCode == 0);
        CHECK(r.out.find("AS new_account_burst") != std::string::npos);
        CHECK(r.out.find("level key") != std::string::npos);
        // The level's column, quoted as the engine quotes identifiers.
        const bool quoted = r.out.find("\"api_key_id\"") != std::string::npos || r.out.find("`api_key_id`") != std::string::npos;
        CHECK(quoted);
    }
}

TEST_CASE("warehouse sql and features refuse bad usage with a clear error", "[warehouse][cli]") {
    siphon::test::TempDir dir;
    auto badEngine = runCli({"warehouse", "sql", "--engine", "oracle"});
    CHECK(badEngine.exitCode == 2);
    CHECK(badEngine.err.find("--engine must be") != std::string::npos);
    auto badTable = runCli({"warehouse", "sql", "--engine", "postgres", "--table", "x;drop"});
    CHECK(badTable.exitCode == 2);
    CHECK(badTable.err.find("table name") != std::string::npos);
    const std::string mapping = dir.file("map.json");
    siphon::test::writeFile(mapping, R"({"columns": {"model": "m\"; DROP TABLE t; --"}})");
    auto hostile = runCli({"warehouse", "sql", "--engine", "clickhouse", "--mapping", mapping});
    CHECK(hostile.exitCode != 0);
    CHECK(hostile.err.find("not a plain column name") != std::string::npos);
    auto noSub = runCli({"warehouse"});
    CHECK(noSub.exitCode == 2);

    const std::string kase = dir.file("case.siphon");
    auto printOnly = runCli({"warehouse", "features", kase, "--engine", "bigquery", "--url", "http://x", "--table", "t"});
    CHECK(printOnly.exitCode == 2);
    CHECK(printOnly.err.find("use `warehouse sql`") != std::string::npos);
    auto wrongScheme = runCli({"warehouse", "features", kase, "--engine", "postgres", "--url",
                               "http://u:topsecret@127.0.0.1:1/", "--table", "t"});
    CHECK(wrongScheme.exitCode == 2);
    CHECK(wrongScheme.err.find("not a postgres URL") != std::string::npos);
    CHECK(wrongScheme.err.find("topsecret") == std::string::npos);
    auto noTable = runCli({"warehouse", "features", kase, "--engine", "clickhouse", "--url", "http://127.0.0.1:1/"});
    CHECK(noTable.exitCode == 2);
    auto badTimeout = runCli({"warehouse", "features", kase, "--engine", "clickhouse", "--url", "http://127.0.0.1:1/",
                              "--table", "t", "--timeout", "0"});
    CHECK(badTimeout.exitCode == 2);
    CHECK(badTimeout.err.find("--timeout") != std::string::npos);
}
