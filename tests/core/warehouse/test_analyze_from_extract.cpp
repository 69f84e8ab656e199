// Warehouse mode's analysis: a case holding only a feature extract (here the sqlite dialect's
// query run on a case's own requests, which test_feature_sql.cpp shows equals the app's features)
// is scored from it, and gives the scores and flags the analysis of the records themselves gives,
// for every entity whose verdict does not rest on what an extract cannot carry (see
// analysis/extract_population.h): a re-judgement since an onset, or the busiest-days damper.
#include "text_free_csv.h"
#include "extract_case_util.h"
#include "warehouse_test_util.h"

#include "analysis/analyzer.h"
#include "evidence/analysis_audit.h"
#include "evidence/audit_log.h"
#include "evidence/bundle_files.h"
#include "evidence/evidence_set.h"
#include "generate/generator.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "warehouse/extract_store.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

using namespace siphon;
using test::provenanceFor;
using test::sameScore;
using test::sqliteExtract;
using test::Verdict;
using test::verdicts;

namespace {

// Generated traffic (fixed seed) as generic CSV files.
std::vector<std::string> generatedCsv(const test::TempDir& dir, int accounts, int days) {
    generate::GenerateOptions g;
    g.outDir = dir.file("logs");
    g.seed = 11;
    g.accounts = accounts;
    g.days = days;
    auto gen = generate::generate(g);
    REQUIRE(gen.ok());
    std::vector<std::string> files;
    for (const auto& f : gen->files)
        if (f.format == "generic_csv") files.push_back(g.outDir + "/" + f.path);
    REQUIRE(!files.empty());
    return files;
}

// A new case holding `files` (may be none) and, when given, an extract; analysed at the account level.
analysis::AnalysisSummary analysedCase(const std::string& path, const std::vector<std::string>& files,
                                       const warehouse::ExtractTable* extract) {
    auto db = store::openCase(path, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    if (!files.empty()) REQUIRE(ingest::importFiles(*db, files, {}).ok());
    if (extract) REQUIRE(warehouse::storeExtract(*db, provenanceFor(EntityLevel::Account), *extract).ok());
    analysis::AnalysisOptions o;
    auto run = analysis::runAnalysis(*db, o);
    REQUIRE(run.ok());
    REQUIRE(evidence::auditAnalysis(*db, "tester", o, *run).ok());
    return *run;
}

// Each cluster's members, as sorted names.
std::set<std::set<std::string>> clustersOf(const std::string& path) {
    auto db = store::openCase(path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    std::map<int64_t, std::set<std::string>> byId;
    auto st = db->prepare("SELECT cluster_id, entity FROM cluster_member WHERE level = 0");
    REQUIRE(st.ok());
    while (st->step() == store::StepResult::Row) byId[st->columnInt(0)].insert(st->columnText(1));
    std::set<std::set<std::string>> out;
    for (auto& [id, members] : byId) out.insert(std::move(members));
    return out;
}

std::map<std::string, Verdict> verdictsOf(const std::string& path) {
    auto db = store::openCase(path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    return verdicts(*db, EntityLevel::Account);
}

// What the records show and an extract cannot (extract_population.h): a network's verdict, a
// re-judgement since an onset, the busiest-days damper.
bool restsOnRecords(const Verdict& v) {
    return v.reasons.find("member of a suspicious network") != std::string::npos ||
        v.reasons.find("judged on its traffic since the onset") != std::string::npos ||
        v.reasons.find("% of it in ") != std::string::npos;
}

} // namespace

TEST_CASE("analyze scores an extract-only case as it scores the same records", "[warehouse][analysis]") {
    test::TempDir dir;
    const auto records = test::textFreeCopies(generatedCsv(dir, 40, 9), dir.path());
    const std::string recordsCase = dir.file("records.siphon");
    analysedCase(recordsCase, records, nullptr);
    auto rdb = store::openCase(recordsCase, store::CaseAccess::Read);
    REQUIRE(rdb.ok());
    const warehouse::ExtractTable extract = sqliteExtract(*rdb, EntityLevel::Account);
    const auto want = verdicts(*rdb, EntityLevel::Account);

    const auto run = analysedCase(dir.file("extract.siphon"), {}, &extract);
    CHECK(run.extractEntities == static_cast<int64_t>(extract.rows.size()));
    const auto got = verdictsOf(dir.file("extract.siphon"));
    REQUIRE(got.size() == want.size());
    size_t compared = 0, flagged = 0;
    for (const auto& [entity, w] : want) {
        const Verdict& g = got.at(entity);
        INFO(entity << "\n records: " << w.reasons << "\n extract: " << g.reasons);
        CHECK(g.reasons.find("scored from warehouse extract " + std::to_string(run.extractId)) != std::string::npos);
        if (restsOnRecords(w)) continue;
        ++compared;
        CHECK(sameScore(w.score, g.score));
        CHECK(w.flagged == g.flagged);
        flagged += w.flagged ? 1 : 0;
    }
    // Not vacuous: most entities are compared, and some of them are flagged.
    CHECK(compared >= want.size() * 3 / 4);
    CHECK(flagged > 0);
}

TEST_CASE("with the suspects' records pulled, analyze gives every entity the records' verdict",
          "[warehouse][analysis]") {
    test::TempDir dir;
    const auto csv = generatedCsv(dir, 40, 9);
    test::TempDir all, some;
    const std::string recordsCase = dir.file("records.siphon");
    analysedCase(recordsCase, test::textFreeCopies(csv, all.path()), nullptr);
    auto rdb = store::openCase(recordsCase, store::CaseAccess::Read);
    REQUIRE(rdb.ok());
    const warehouse::ExtractTable extract = sqliteExtract(*rdb, EntityLevel::Account);
    const auto want = verdicts(*rdb, EntityLevel::Account);
    // The suspects: what `pull --flagged` brings, and the entities whose verdict needs their records.
    std::set<std::string> suspects;
    for (const auto& [entity, w] : want)
        if (w.flagged || restsOnRecords(w)) suspects.insert(entity);
    REQUIRE(suspects.size() < want.size() / 2);

    const auto run = analysedCase(dir.file("mixed.siphon"), test::textFreeCopies(csv, some.path(), suspects), &extract);
    CHECK(run.extractEntities == static_cast<int64_t>(want.size() - suspects.size()));
    const auto got = verdictsOf(dir.file("mixed.siphon"));
    REQUIRE(got.size() == want.size());
    for (const auto& [entity, w] : want) {
        const Verdict& g = got.at(entity);
        INFO(entity << "\n records: " << w.reasons << "\n mixed: " << g.reasons);
        CHECK((g.reasons.find("scored from warehouse extract") == std::string::npos) == (suspects.count(entity) > 0));
        CHECK(sameScore(w.score, g.score));
        CHECK(w.flagged == g.flagged);
    }
    const auto clusters = clustersOf(recordsCase);
    CHECK(!clusters.empty());
    CHECK(clustersOf(dir.file("mixed.siphon")) == clusters);
}

TEST_CASE("an extract-scored run's audit entry, evidence and case.jsonld carry the extract's provenance",
          "[warehouse][analysis]") {
    test::TempDir dir;
    const std::string recordsCase = dir.file("records.siphon");
    analysedCase(recordsCase, test::textFreeCopies(generatedCsv(dir, 20, 6), dir.path()), nullptr);
    auto rdb = store::openCase(recordsCase, store::CaseAccess::Read);
    REQUIRE(rdb.ok());
    const warehouse::ExtractTable extract = sqliteExtract(*rdb, EntityLevel::Account);
    const std::string path = dir.file("extract.siphon");
    const auto run = analysedCase(path, {}, &extract);
    REQUIRE(run.extractId > 0);

    auto db = store::openCase(path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto audit = evidence::loadAudit(*db);
    REQUIRE(audit.ok());
    REQUIRE(audit->back().action == "analyze");
    const std::string& payload = audit->back().payload;
    for (const std::string& want :
         {std::string("\"warehouse_extract_id\":") + std::to_string(run.extractId), std::string(R"("engine":"sqlite")"),
          std::string(R"("server_version":"3.40")"), std::string(64, 'a'), std::string(64, 'b'),
          std::string("\"rows\":20"), std::string("\"started_at_us\":1700000000000000"),
          std::string("\"finished_at_us\":1700000001000000")})
        CHECK_THAT(payload, Catch::Contains(want));

    auto set = evidence::collectEvidence(*db);
    REQUIRE(set.ok());
    CHECK_THAT(set->analysis.warehouseExtract, Catch::Contains("20 entities scored from warehouse extract"));
    CHECK_THAT(set->analysis.warehouseExtract, Catch::Contains(std::string(64, 'b')));

    std::vector<evidence::BundleFile> files;
    evidence::BundleContext ctx;
    ctx.caseName = "extract";
    ctx.evidence = &*set;
    ctx.audit = *audit;
    ctx.files = &files;
    const std::string jsonld = evidence::caseUcoJsonLd(ctx);
    CHECK_THAT(jsonld, Catch::Contains("warehouse-features"));
    CHECK_THAT(jsonld, Catch::Contains("warehouse_extract"));
    CHECK_THAT(jsonld, Catch::Contains(std::string(64, 'b')));
}
