// `warehouse features` against real servers (the ctest fixture starts a two-shard ClickHouse 18.16
// cluster and PostgreSQL 15 on loopback): the generated case's requests, loaded into a Distributed
// table over a MergeTree table per shard and into PostgreSQL, give the same feature values as the
// app's analysis of the same records imported from files (relative tolerance kFeatureTolerance),
// at the account, key and IP levels; each error path is a clear error and leaves the case unchanged;
// the password is in no audit entry, provenance row or message.
#include "server_fixture.h"

#include "analysis/detector_config.h"
#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"
#include "store/case_file.h"
#include "util/hash.h"
#include "warehouse_io/feature_pass.h"

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::warehouse;

namespace {

struct Loaded {
    test::Servers servers;
    test::GeneratedCase c;
};

// Generated, imported, analysed and loaded once for every test case of this run.
Loaded* loaded() {
    static Loaded* l = [] {
        auto* x = new Loaded;
        x->servers = test::servers();
        if (!x->servers.missing.empty()) return x;
        test::buildGeneratedCase(x->c, 30, 8);
        test::loadRequests(x->servers, x->c);
        return x;
    }();
    return l;
}

bool skipped(const Loaded& l) {
    if (l.servers.missing.empty()) return false;
    WARN("skipped: " << l.servers.missing << " not installed");
    return true;
}

FeaturePassOptions passOptions(const Loaded& l, Engine engine, EntityLevel level, const std::string& url) {
    FeaturePassOptions o;
    o.sql.engine = engine;
    o.sql.level = level;
    o.sql.mapping = engine == Engine::ClickHouse ? test::clickhouseMapping() : test::postgresMapping();
    o.sql.table = "requests";
    o.sql.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    auto parsed = parseWarehouseUrl(engine, url);
    REQUIRE(parsed.ok());
    o.url = *parsed;
    o.timeoutSeconds = 60;
    o.author = "tester";
    (void)l;
    return o;
}

std::string goodUrl(const Loaded& l, Engine e) {
    return e == Engine::ClickHouse ? l.servers.clickhouseUrl("siphon", "siphon-test") : l.servers.postgresUrl();
}

test::FeatureMap storedExtract(const store::Database& db, int64_t id) {
    test::FeatureMap out;
    const auto& wanted = extractFeatureColumns();
    auto st = db.prepare("SELECT entity, column_name, value FROM warehouse_extract_value WHERE extract_id = ?1");
    REQUIRE(st.ok());
    st->bind(1, id);
    while (st->step() == store::StepResult::Row) {
        const std::string col = st->columnText(1);
        if (std::find(wanted.begin(), wanted.end(), col) == wanted.end()) continue;
        out[st->columnText(0)][col] = st->columnOptDouble(2);
    }
    return out;
}

// What must not change when a feature pass fails: the extracts and the audit chain's length.
std::pair<int64_t, int64_t> caseState(const store::Database& db) {
    return {*db.queryInt("SELECT count(*) FROM warehouse_extract"), *db.queryInt("SELECT count(*) FROM audit_log")};
}

std::string copyCase(const Loaded& l, const test::TempDir& dir) {
    const std::string path = dir.file("copy.siphon");
    test::writeFile(path, test::readFile(l.c.path));
    const std::string anchor = evidence::chainAnchorPath(l.c.path);
    test::writeFile(evidence::chainAnchorPath(path), test::readFile(anchor));
    return path;
}

} // namespace

TEST_CASE("features from ClickHouse and PostgreSQL equal the app's own", "[warehouse][servers]") {
    Loaded& l = *loaded();
    if (skipped(l)) return;
    test::TempDir dir;
    const std::string path = copyCase(l, dir);
    auto db = store::openCase(path, store::CaseAccess::Write);
    REQUIRE(db.ok());
    for (Engine e : {Engine::ClickHouse, Engine::Postgres})
        for (EntityLevel level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
            INFO(engineName(e) << " level " << levelInfo(level).name);
            auto s = runFeaturePass(*db, passOptions(l, e, level, goodUrl(l, e)));
            INFO((s.ok() ? std::string() : s.error().describe()));
            REQUIRE(s.ok());
            const test::FeatureMap app = test::appFeatures(*db, level);
            REQUIRE(app.size() > 10);
            CHECK(s->entities == static_cast<int64_t>(app.size()));
            CHECK(test::compareFeatures(app, storedExtract(*db, s->extractId)) == "");
            CHECK(s->serverVersion.find(e == Engine::ClickHouse ? "18.16" : "PostgreSQL 15") != std::string::npos);
        }
}

TEST_CASE("an extract's provenance is stored and audited without the password", "[warehouse][servers]") {
    Loaded& l = *loaded();
    if (skipped(l)) return;
    test::TempDir dir;
    const std::string path = copyCase(l, dir);
    auto db = store::openCase(path, store::CaseAccess::Write);
    REQUIRE(db.ok());
    auto s = runFeaturePass(*db, passOptions(l, Engine::Postgres, EntityLevel::Account, goodUrl(l, Engine::Postgres)));
    REQUIRE(s.ok());
    auto st = db->prepare("SELECT engine, server_version, url, query_text, query_sha256, row_count, started_at_us,"
                          " finished_at_us, result_sha256 FROM warehouse_extract WHERE id = ?1");
    REQUIRE(st.ok());
    st->bind(1, s->extractId);
    REQUIRE(st->step() == store::StepResult::Row);
    CHECK(st->columnText(0) == "postgres");
    CHECK(st->columnText(1).find("PostgreSQL 15") != std::string::npos);
    CHECK(st->columnText(2).find("siphon-test") == std::string::npos);
    CHECK(st->columnText(2).find("siphon@127.0.0.1") != std::string::npos);
    CHECK(Sha256::hex(st->columnText(3)) == st->columnText(4));
    CHECK(st->columnInt(5) == s->entities);
    CHECK(st->columnInt(6) <= st->columnInt(7));
    CHECK(st->columnText(8).size() == 64);
    auto audit = evidence::loadAudit(*db);
    REQUIRE(audit.ok());
    REQUIRE(audit->back().action == "warehouse-features");
    // The password (the temporary folders are named siphon-test-*, hence the '@').
    for (const auto& a : *audit) CHECK(a.payload.find("siphon-test@") == std::string::npos);
    CHECK(audit->back().payload.find("postgresql://siphon@127.0.0.1:") != std::string::npos);
    CHECK(evidence::verifyAuditChain(*audit).ok);
}

TEST_CASE("warehouse errors are clear and leave the case unchanged", "[warehouse][servers]") {
    Loaded& l = *loaded();
    if (skipped(l)) return;
    test::TempDir dir;
    const std::string path = copyCase(l, dir);
    auto db = store::openCase(path, store::CaseAccess::Write);
    REQUIRE(db.ok());
    const auto before = caseState(*db);
    auto expectFailure = [&](FeaturePassOptions o, const std::string& words) {
        auto s = runFeaturePass(*db, o);
        REQUIRE(!s.ok());
        INFO(s.error().describe());
        CHECK(s.error().describe().find(words) != std::string::npos);
        CHECK(s.error().describe().find("siphon-test@") == std::string::npos);
        CHECK(s.error().describe().find("wrong-secret") == std::string::npos);
        CHECK(caseState(*db) == before);
    };
    for (Engine e : {Engine::ClickHouse, Engine::Postgres}) {
        INFO(engineName(e));
        const bool ch = e == Engine::ClickHouse;
        // Unreachable: a loopback port nothing listens on (the fixture's next free one).
        const int closed = ch ? l.servers.clickhousePorts[0] + 7 : l.servers.postgresPort + 7;
        const std::string nowhere = ch ? "http://127.0.0.1:" + std::to_string(closed) + "/"
                                       : "postgresql://siphon:siphon-test@127.0.0.1:" + std::to_string(closed) + "/postgres";
        expectFailure(passOptions(l, e, EntityLevel::Account, nowhere), "cannot reach");
        const std::string wrong = ch ? l.servers.clickhouseUrl("siphon", "wrong-secret") : l.servers.postgresUrl("wrong-secret");
        expectFailure(passOptions(l, e, EntityLevel::Account, wrong), "refused the credentials");
        auto missingTable = passOptions(l, e, EntityLevel::Account, goodUrl(l, e));
        missingTable.sql.table = "no_such_table";
        expectFailure(missingTable, "refused the query");
        auto missingColumn = passOptions(l, e, EntityLevel::Account, goodUrl(l, e));
        missingColumn.sql.mapping.column[static_cast<size_t>(WField::Model)] = "no_such_column";
        expectFailure(missingColumn, "refused the query");
        auto slow = passOptions(l, e, EntityLevel::Account, goodUrl(l, e));
        slow.sql.table = "slow_requests";
        slow.timeoutSeconds = 1;
        expectFailure(slow, "timed out");
    }
}
