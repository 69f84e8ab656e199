#include "extract_case_util.h"

#include "analysis/detector_config.h"
#include "warehouse/feature_sql.h"
#include "warehouse/sqlite_runner.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

namespace siphon::test {

std::map<std::string, Verdict> verdicts(const store::Database& db, EntityLevel level) {
    std::map<std::string, Verdict> out;
    auto st = db.prepare("SELECT entity, score, flagged, reasons FROM entity_score WHERE level = ?1");
    REQUIRE(st.ok());
    st->bind(1, static_cast<int>(level));
    while (st->step() == store::StepResult::Row)
        out[st->columnText(0)] = {st->columnDouble(1), st->columnInt(2) != 0, st->columnText(3)};
    return out;
}

warehouse::ExtractTable sqliteExtract(const store::Database& db, EntityLevel level) {
    warehouse::FeatureSqlOptions o;
    o.engine = warehouse::Engine::Sqlite;
    o.level = level;
    o.mapping = warehouse::WarehouseMapping::caseRequests();
    o.table = "request";
    o.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    auto sql = warehouse::generateFeatureSql(o);
    REQUIRE(sql.ok());
    auto extract = warehouse::runSqliteFeatures(db, sql->featureQuery);
    REQUIRE(extract.ok());
    return *extract;
}

warehouse::ExtractProvenance provenanceFor(EntityLevel level) {
    warehouse::ExtractProvenance p;
    p.level = level;
    p.engine = "sqlite";
    p.serverVersion = "3.40";
    p.url = "file:case.siphon";
    p.table = "request";
    p.query = "SELECT ...";
    p.querySha256 = std::string(64, 'a');
    p.resultSha256 = std::string(64, 'b');
    p.startedAtUs = 1'700'000'000'000'000;
    p.finishedAtUs = 1'700'000'001'000'000;
    p.author = "tester";
    return p;
}

bool sameScore(double a, double b) { return std::fabs(a - b) <= kScoreTolerance * std::max(1.0, std::fabs(a)); }

} // namespace siphon::test
