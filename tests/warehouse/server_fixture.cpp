#include "server_fixture.h"

#include "shared_data.h"
#include "store/case_file.h"
#include "util/time_util.h"
#include "warehouse_io/connection.h"
#include "warehouse_io/tsv_text.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

namespace siphon::test {

namespace {

// The case's columns, in the loaded tables' order (after the timestamp).
const char* const kCaseColumns =
    "org_id, project_id, api_key_id, principal, source_ip, user_agent, model, endpoint, input_tokens, output_tokens,"
    " cached_read_tokens, status_code, prompt_text";
const char* const kColumnDefsClickHouse =
    "account_id String, project_id Nullable(String), api_key_id Nullable(String), user_id Nullable(String),"
    " source_ip Nullable(String), user_agent Nullable(String), model Nullable(String), endpoint Nullable(String),"
    " input_tokens Nullable(Int64), output_tokens Nullable(Int64), cached_tokens Nullable(Int64), status Nullable(Int64),"
    " prompt Nullable(String)";
const char* const kColumnDefsPostgres =
    "account_id text, project_id text, api_key_id text, user_id text, source_ip text, user_agent text, model text,"
    " endpoint text, input_tokens bigint, output_tokens bigint, cached_tokens bigint, status bigint, prompt text";

std::unique_ptr<warehouse::WarehouseConnection> connect(warehouse::Engine e, const std::string& url) {
    auto parsed = warehouse::parseWarehouseUrl(e, url);
    REQUIRE(parsed.ok());
    auto conn = warehouse::connectWarehouse(*parsed, 60);
    INFO((conn.ok() ? std::string() : conn.error().describe()));
    REQUIRE(conn.ok());
    return std::move(*conn);
}

void run(warehouse::WarehouseConnection& c, const std::string& sql, const std::string& data = {}) {
    const Status s = c.execute(sql, data);
    INFO(sql.substr(0, 120) << (s.ok() ? std::string() : "\n" + s.error().describe()));
    REQUIRE(s.ok());
}

// PostgreSQL's timestamptz input: microseconds since the epoch as "YYYY-MM-DD HH:MM:SS.ffffff+00".
std::string pgTimestamp(int64_t us) {
    std::string iso = timeutil::formatIso8601(us - us % 1'000'000);   // "2026-01-05T00:00:00Z"
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld+00", static_cast<long long>(us % 1'000'000));
    return iso.substr(0, 10) + " " + iso.substr(11, 8) + frac;
}

// Rows as TabSeparated text: ClickHouse's ts_us column first, or PostgreSQL's timestamp.
std::string caseRowsTsv(const GeneratedCase& c, bool postgres) {
    auto db = store::openCase(c.path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto st = db->prepare(std::string("SELECT ts_start_us, ") + kCaseColumns + " FROM request ORDER BY id");
    REQUIRE(st.ok());
    std::string out;
    while (st->step() == store::StepResult::Row) {
        const int64_t ts = st->columnInt(0);
        out += postgres ? pgTimestamp(ts) : std::to_string(ts);
        for (int i = 1; i <= 13; ++i) {
            std::optional<std::string> v;
            if (!st->columnIsNull(i)) v = st->columnText(i);
            if (i == 1 && !postgres && !v) v = "";   // ClickHouse's account_id is not Nullable
            out += "\t" + warehouse::tsvCell(v);
        }
        out += "\n";
    }
    return out;
}

void loadClickHouse(const Servers& s, const GeneratedCase& c) {
    for (int port : s.clickhousePorts) {
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
        auto shard = connect(warehouse::Engine::ClickHouse, url);
        run(*shard, "DROP TABLE IF EXISTS requests");
        run(*shard, "DROP TABLE IF EXISTS slow_requests");
        run(*shard, "DROP TABLE IF EXISTS requests_local");
        run(*shard, std::string("CREATE TABLE requests_local (ts_us Int64, ") + kColumnDefsClickHouse +
                        ") ENGINE = MergeTree() ORDER BY ts_us");
    }
    auto ch = connect(warehouse::Engine::ClickHouse, s.clickhouseUrl());
    run(*ch, "CREATE TABLE requests AS requests_local ENGINE = Distributed(siphon_two_shards, default, requests_local, rand())");
    run(*ch, "INSERT INTO requests FORMAT TabSeparated", caseRowsTsv(c, false));
    // 40 us per row, checked between blocks: the feature query runs for seconds, never minutes.
    run(*ch, "CREATE VIEW slow_requests AS SELECT * FROM requests WHERE sleepEachRow(0.00004) = 0");
}

void loadPostgres(const Servers& s, const GeneratedCase& c) {
    auto pg = connect(warehouse::Engine::Postgres, s.postgresUrl());
    run(*pg, "DROP VIEW IF EXISTS slow_requests");
    run(*pg, "DROP TABLE IF EXISTS requests");
    run(*pg, std::string("CREATE TABLE requests (ts timestamptz NOT NULL, ") + kColumnDefsPostgres + ")");
    run(*pg, "COPY requests FROM STDIN", caseRowsTsv(c, true));
    run(*pg, "CREATE VIEW slow_requests AS SELECT * FROM requests WHERE pg_sleep(0.001) IS NOT NULL");
}

} // namespace

std::string Servers::clickhouseUrl(const std::string& user, const std::string& password) const {
    const std::string auth = user.empty() ? std::string() : user + ":" + password + "@";
    return "http://" + auth + "127.0.0.1:" + std::to_string(clickhousePorts.at(0)) + "/";
}

std::string Servers::postgresUrl(const std::string& password) const {
    return "postgresql://siphon:" + password + "@127.0.0.1:" + std::to_string(postgresPort) + "/postgres";
}

Servers servers() {
    Servers s;
    const char* path = std::getenv("SIPHON_WAREHOUSE_STATE");
    if (!path || !*path) FAIL("SIPHON_WAREHOUSE_STATE is not set: run these tests through ctest (the fixture starts the servers)");
    std::istringstream in(readFile(path));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("missing=", 0) == 0) s.missing = line.substr(8);
        if (line.rfind("postgres=", 0) == 0) s.postgresPort = std::atoi(line.c_str() + 9);
        if (line.rfind("clickhouse=", 0) == 0) {
            std::istringstream ports(line.substr(11));
            for (int p = 0; ports >> p;) s.clickhousePorts.push_back(p);
        }
    }
    if (!s.missing.empty() && sharedDataRequired()) FAIL("warehouse servers missing under CI: " << s.missing);
    if (s.missing.empty()) REQUIRE((s.clickhousePorts.size() == 2 && s.postgresPort > 0));
    return s;
}

void loadRequests(const Servers& s, const GeneratedCase& c) {
    loadClickHouse(s, c);
    loadPostgres(s, c);
}

warehouse::WarehouseMapping clickhouseMapping() {
    auto m = warehouse::WarehouseMapping::narrowDefault();
    m.column[static_cast<size_t>(warehouse::WField::Timestamp)] = "ts_us";
    m.column[static_cast<size_t>(warehouse::WField::CachedTokens)] = "cached_tokens";
    m.column[static_cast<size_t>(warehouse::WField::Prompt)] = "prompt";
    m.timeUnit = warehouse::TimeUnit::Micros;
    return m;
}

warehouse::WarehouseMapping postgresMapping() {
    auto m = warehouse::WarehouseMapping::narrowDefault();
    m.column[static_cast<size_t>(warehouse::WField::Timestamp)] = "ts";
    m.column[static_cast<size_t>(warehouse::WField::CachedTokens)] = "cached_tokens";
    m.column[static_cast<size_t>(warehouse::WField::Prompt)] = "prompt";
    return m;
}

} // namespace siphon::test
