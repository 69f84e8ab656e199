// siphon-cli analyze on a case holding only a warehouse extract: it says how many entities it
// scored from which extract, in its summary and in --json, and the audit entry carries the
// extract's provenance (tests/core/warehouse/test_analyze_from_extract.cpp checks the scores).
#include "evidence_cli_util.h"
#include "test_paths.h"

#include "analysis/detector_config.h"
#include "store/case_file.h"
#include "warehouse/extract_store.h"
#include "warehouse/feature_sql.h"
#include "warehouse/sqlite_runner.h"

#include <catch2/catch.hpp>

using namespace siphon;
using siphon::test::runCli;

namespace {

// The sqlite dialect's extract of an imported case's accounts, stored in a new case.
void storeSqliteExtract(const std::string& recordsCase, const std::string& extractCase) {
    auto records = store::openCase(recordsCase, store::CaseAccess::Read);
    REQUIRE(records.ok());
    warehouse::FeatureSqlOptions o;
    o.engine = warehouse::Engine::Sqlite;
    o.mapping = warehouse::WarehouseMapping::caseRequests();
    o.table = "request";
    o.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    auto sql = warehouse::generateFeatureSql(o);
    REQUIRE(sql.ok());
    auto extract = warehouse::runSqliteFeatures(*records, sql->featureQuery);
    REQUIRE(extract.ok());
    warehouse::ExtractProvenance p;
    p.engine = "sqlite";
    p.serverVersion = "3.40";
    p.url = "file:records.siphon";
    p.table = "request";
    p.query = sql->featureQuery;
    p.querySha256 = std::string(64, 'c');
    p.resultSha256 = std::string(64, 'd');
    p.author = "tester";
    auto db = store::openCase(extractCase, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    REQUIRE(warehouse::storeExtract(*db, p, *extract).ok());
}

} // namespace

TEST_CASE("cli: analyze scores a case's warehouse extract and says so", "[warehouse][cli]") {
    test::TempDir dir;
    REQUIRE(runCli({"generate", "--out", dir.file("gen"), "--accounts", "20", "--days", "6"}).exitCode == 0);
    const std::string records = dir.file("records.siphon");
    REQUIRE(runCli({"import", records, dir.file("gen/logs"), "--by", "tester"}).exitCode == 0);
    const std::string kase = dir.file("extract.siphon");
    storeSqliteExtract(records, kase);

    auto text = runCli({"analyze", kase, "--by", "tester"});
    INFO(text.err);
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::Contains("20 entities scored from warehouse extract 1"));
    auto json = runCli({"analyze", kase, "--by", "tester", "--json"});
    REQUIRE(json.exitCode == 0);
    CHECK_THAT(json.out, Catch::Contains("\"warehouse_extract_id\": 1"));
    CHECK_THAT(json.out, Catch::Contains("\"extract_entities\": 20"));
    auto audit = runCli({"audit", kase});
    REQUIRE(audit.exitCode == 0);
    CHECK_THAT(audit.out, Catch::Contains(std::string(64, 'd')));

    // The report's method section names the extract the scores came from.
    auto accounts = runCli({"accounts", kase, "--format", "csv", "--top", "1"});
    REQUIRE(accounts.exitCode == 0);
    const auto firstRow = accounts.out.find('\n') + 1;
    const std::string entity = accounts.out.substr(firstRow, accounts.out.find(',', firstRow) - firstRow);
    REQUIRE_FALSE(entity.empty());
    REQUIRE(runCli({"tag", kase, "--entity", entity, "--label", "suspected", "--by", "tester"}).exitCode == 0);
    auto ex = runCli({"export", kase, "--out", dir.file("b.zip"), "--export-time", "2026-01-01T00:00:00Z"});
    INFO(ex.err);
    REQUIRE(ex.exitCode == 0);
#ifdef SIPHON_HAVE_UI   // the PDF report is rendered by the UI library (absent in core-only builds)
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("pdftotext");
    REQUIRE(test::runTool("unzip", {"-q", dir.file("b.zip"), "report.pdf", "-d", dir.file("x")}).exitCode == 0);
    auto pdf = test::runTool("pdftotext", {dir.file("x") + "/report.pdf", "-"});
    REQUIRE(pdf.exitCode == 0);
    CHECK_THAT(pdf.out, Catch::Contains("Warehouse extract"));
    CHECK_THAT(pdf.out, Catch::Contains("sqlite"));
#endif
}
