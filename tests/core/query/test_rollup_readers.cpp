// Every reader of the packed rollups (series, hourly heatmap, extent, timeline, exhibit series)
// against the same sums computed straight from the stored requests with GROUP BY.
#include "analysis/timeline.h"
#include "evidence/evidence_set.h"
#include "evidence/tags.h"
#include "ingest/importer.h"
#include "query/series_query.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace siphon;

namespace {

constexpr int64_t kHourUs = 3'600'000'000;

// Three days around two midnights, three accounts, two models, a request every 7 minutes.
std::string csv() {
    std::string out = "timestamp,account_id,api_key_id,source_ip,model,input_tokens,output_tokens,request_id\n";
    for (int i = 0; i < 600; ++i) {
        const int minutes = 20 * 60 + i * 7;
        char ts[40];
        std::snprintf(ts, sizeof ts, "2026-02-%02dT%02d:%02d:%02dZ", 3 + minutes / 1440, minutes / 60 % 24,
                      minutes % 60, i % 60);
        out += std::string(ts) + ",acct" + std::to_string(i % 3) + ",k" + std::to_string(i % 4) + ",10.0.0.1," +
               (i % 4 == 1 ? "o1" : "gpt-4o") + "," + std::to_string(i) + "," + std::to_string(2 * i) + ",r" +
               std::to_string(i) + "\n";
    }
    return out;
}

store::Database importCase(const test::TempDir& dir) {
    test::writeFile(dir.file("a.csv"), csv());
    auto db = store::openCase(dir.file("c.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    ingest::ImportOptions opt;
    opt.batchRows = 50;   // days span transactions
    REQUIRE(ingest::importFiles(*db, {dir.file("a.csv")}, opt).ok());
    return std::move(db.value());
}

std::vector<std::vector<int64_t>> rows(const store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    std::vector<std::vector<int64_t>> out;
    while (st->step() == store::StepResult::Row) {
        out.emplace_back();
        for (int c = 0; c < st->columnCount(); ++c) out.back().push_back(st->columnInt(c));
    }
    return out;
}

std::vector<std::vector<int64_t>> flatten(const query::Series& s) {
    std::vector<std::vector<int64_t>> out;
    for (const auto& b : s.buckets) out.push_back({b.startUs, b.requests, b.inputTokens, b.outputTokens});
    return out;
}

const std::string kSums = ", count(*), sum(input_tokens), sum(output_tokens) FROM request WHERE ";

} // namespace

TEST_CASE("series, heatmap and extent read from packed rollups equal GROUP BY over requests", "[query][rollup]") {
    test::TempDir dir;
    auto db = importCase(dir);

    query::SeriesRequest req;
    req.entities = {"acct1", "acct0", "acct1", "nobody"};   // repeated and unknown ids are ignored
    req.fromUs = 0;
    req.toUs = INT64_MAX;
    req.bucketUs = 3 * kHourUs;
    auto byModel = query::loadSeries(db, req);
    REQUIRE(byModel.ok());
    CHECK(byModel->byModel);
    REQUIRE(byModel->series.size() == 2);
    CHECK(byModel->series[0].name == "gpt-4o");   // most requests first
    for (const auto& s : byModel->series)
        CHECK(flatten(s) == rows(db, "SELECT ts_start_us / 10800000000 * 10800000000 AS b" + kSums +
                                         "org_id IN ('acct0', 'acct1') AND model = '" + s.name +
                                         "' GROUP BY b ORDER BY b"));

    // Below an hour: minute cells, one series per entity; a window clips the buckets.
    req.bucketUs = 15 * 60'000'000LL;
    req.split = query::SeriesSplit::ByEntity;
    auto t0 = db.queryInt("SELECT min(ts_start_us) FROM request");
    REQUIRE(t0.ok());
    req.fromUs = *t0 + 20 * kHourUs + 7 * 60'000'000LL;
    req.toUs = req.fromUs + 30 * kHourUs;
    auto byEntity = query::loadSeries(db, req);
    REQUIRE(byEntity.ok());
    CHECK_FALSE(byEntity->byModel);
    REQUIRE(byEntity->series.size() == 2);
    const int64_t from = req.fromUs / req.bucketUs * req.bucketUs;
    for (const auto& s : byEntity->series)
        CHECK(flatten(s) == rows(db, "SELECT ts_start_us / 900000000 * 900000000 AS b" + kSums + "org_id = '" +
                                         s.name + "' AND ts_start_us >= " + std::to_string(from) +
                                         " AND ts_start_us < " + std::to_string(req.toUs) + " GROUP BY b ORDER BY b"));

    auto hourly = query::loadHourly(db, EntityLevel::Key, "k2");
    REQUIRE(hourly.ok());
    std::vector<std::vector<int64_t>> got;
    for (const auto& h : *hourly) got.push_back({h.hourUs, h.requests, h.outputTokens});
    CHECK(got == rows(db, "SELECT ts_start_us / 3600000000 * 3600000000 AS h, count(*), sum(output_tokens) FROM request"
                          " WHERE api_key_id = 'k2' GROUP BY h ORDER BY h"));

    auto extent = query::loadExtent(db, EntityLevel::Account, {"acct2", "acct0"});
    REQUIRE(extent.ok());
    REQUIRE(extent->has_value());
    CHECK(std::vector<int64_t>{(*extent)->firstUs, (*extent)->lastUs} ==
          rows(db, "SELECT min(ts_start_us) / 3600000000 * 3600000000, (max(ts_start_us) / 3600000000 + 1) * 3600000000"
                   " FROM request WHERE org_id IN ('acct0', 'acct2')")
              .at(0));
    auto none = query::loadExtent(db, EntityLevel::Account, {"nobody"});
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
}

TEST_CASE("timelines and exhibit series read from packed rollups equal GROUP BY over requests", "[query][rollup]") {
    test::TempDir dir;
    auto db = importCase(dir);

    auto day = analysis::loadTimeline(db, EntityLevel::Account, "acct2", 86'400'000'000LL, true);
    REQUIRE(day.ok());
    CHECK(day->granularity == "request");
    std::vector<std::vector<int64_t>> got;
    std::vector<std::string> models;
    for (const auto& r : day->rows) {
        got.push_back({r.startUs, r.requests.value_or(-1), r.inputTokens, r.outputTokens});
        models.push_back(r.model);
    }
    CHECK(got == rows(db, "SELECT ts_start_us / 86400000000 * 86400000000 AS b" + kSums +
                              "org_id = 'acct2' GROUP BY b, model ORDER BY b, model"));
    CHECK(models.at(0) == "gpt-4o");
    CHECK(models.at(1) == "o1");

    auto minute = analysis::loadTimeline(db, EntityLevel::Ip, "10.0.0.1", 60'000'000, false);
    REQUIRE(minute.ok());
    got.clear();
    for (const auto& r : minute->rows) got.push_back({r.startUs, r.requests.value_or(-1), r.inputTokens, r.outputTokens});
    CHECK(got == rows(db, "SELECT ts_start_us / 60000000 * 60000000 AS b" + kSums +
                              "source_ip = '10.0.0.1' GROUP BY b ORDER BY b"));

    REQUIRE(evidence::addTag(db, {evidence::TargetKind::Entity, EntityLevel::Key, "k1"}, "suspected", "", "t").ok());
    auto set = evidence::collectEvidence(db);
    REQUIRE(set.ok());
    REQUIRE(set->exhibits.size() == 1);
    got.clear();
    for (const auto& p : set->exhibits[0].series) got.push_back({p.hourUs, p.requests, p.inputTokens, p.outputTokens});
    CHECK(got == rows(db, "SELECT ts_start_us / 3600000000 * 3600000000 AS b" + kSums +
                              "api_key_id = 'k1' GROUP BY b ORDER BY b"));
}
