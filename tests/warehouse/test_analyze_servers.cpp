// `warehouse features` then `analyze` on a case holding no records: an extract read from the
// two-shard ClickHouse 18.16 cluster or PostgreSQL 15 gives every entity the score and flag an
// extract of the same records computed in the app's own SQLite gives (test::kScoreTolerance,
// relative), and test_analyze_from_extract.cpp shows that extract gives the records' own verdicts.
#include "extract_case_util.h"
#include "server_fixture.h"

#include "analysis/analyzer.h"
#include "analysis/detector_config.h"
#include "store/case_file.h"
#include "warehouse_io/feature_pass.h"

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::warehouse;

namespace {

struct Loaded {
    test::Servers servers;
    test::GeneratedCase c;
};

// Generated, imported, analysed and loaded into the servers once per run.
Loaded& loaded() {
    static Loaded l;
    static const bool ready = [] {
        l.servers = test::servers();
        if (!l.servers.missing.empty()) return false;
        test::buildGeneratedCase(l.c, 30, 8);
        test::loadRequests(l.servers, l.c);
        return true;
    }();
    (void)ready;
    return l;
}

FeaturePassOptions accountPass(const Loaded& l, Engine engine) {
    FeaturePassOptions o;
    o.sql.engine = engine;
    o.sql.level = EntityLevel::Account;
    o.sql.mapping = engine == Engine::ClickHouse ? test::clickhouseMapping() : test::postgresMapping();
    o.sql.table = "requests";
    o.sql.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    const std::string url =
        engine == Engine::ClickHouse ? l.servers.clickhouseUrl("siphon", "siphon-test") : l.servers.postgresUrl();
    auto parsed = parseWarehouseUrl(engine, url);
    REQUIRE(parsed.ok());
    o.url = *parsed;
    o.timeoutSeconds = 60;
    o.author = "tester";
    return o;
}

// Analyses a case at the account level and returns its verdicts.
std::map<std::string, test::Verdict> analysed(store::Database& db) {
    analysis::AnalysisOptions o;
    auto run = analysis::runAnalysis(db, o);
    REQUIRE(run.ok());
    CHECK(run->extractId > 0);
    return test::verdicts(db, EntityLevel::Account);
}

} // namespace

TEST_CASE("analyze from a ClickHouse or PostgreSQL extract gives the app's extract's verdicts",
          "[warehouse][servers]") {
    Loaded& l = loaded();
    if (!l.servers.missing.empty()) {
        WARN("skipped: " << l.servers.missing << " not installed");
        return;
    }
    test::TempDir dir;
    auto records = store::openCase(l.c.path, store::CaseAccess::Read);
    REQUIRE(records.ok());
    auto local = store::openCase(dir.file("local.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(local.ok());
    REQUIRE(storeExtract(*local, test::provenanceFor(EntityLevel::Account),
                         test::sqliteExtract(*records, EntityLevel::Account))
                .ok());
    const auto want = analysed(*local);
    REQUIRE(want.size() > 10);
    size_t flagged = 0;
    for (Engine e : {Engine::ClickHouse, Engine::Postgres}) {
        INFO(engineName(e));
        auto db = store::openCase(dir.file(std::string(engineName(e)) + ".siphon"), store::CaseAccess::CreateWrite);
        REQUIRE(db.ok());
        auto pass = runFeaturePass(*db, accountPass(l, e));
        INFO((pass.ok() ? std::string() : pass.error().describe()));
        REQUIRE(pass.ok());
        const auto got = analysed(*db);
        REQUIRE(got.size() == want.size());
        for (const auto& [entity, w] : want) {
            INFO(entity << "\n app's extract: " << w.reasons << "\n server's: " << got.at(entity).reasons);
            CHECK(test::sameScore(w.score, got.at(entity).score));
            CHECK(w.flagged == got.at(entity).flagged);
            flagged += w.flagged ? 1 : 0;
        }
    }
    CHECK(flagged > 0);
}
