#include "query_fixture.h"

#include "query/cluster_query.h"
#include "query/entity_query.h"
#include "query/request_query.h"
#include "query/search_index.h"
#include "query/series_query.h"
#include "store/case_file.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace siphon;

namespace {
constexpr int64_t kT0 = 1767571200LL * 1'000'000;

store::Database openRead(const std::string& path) {
    auto db = store::openCase(path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    return std::move(db.value());
}
} // namespace

TEST_CASE("entity index sorts and filters scored entities", "[query]") {
    test::QueryCase c;
    test::buildQueryCase(c);
    auto db = openRead(c.path);

    query::EntityIndexRequest req;
    req.sort = query::EntitySort::Requests;
    auto idx = query::loadEntityIndex(db, req);
    REQUIRE(idx.ok());
    REQUIRE(*idx == std::vector<std::string>{"acct-bot", "acct-human", "acct-small"});

    req.descending = false;
    idx = query::loadEntityIndex(db, req);
    REQUIRE(idx.ok());
    CHECK(idx->front() == "acct-small");

    req.filter = "HUM";   // case-insensitive substring
    idx = query::loadEntityIndex(db, req);
    REQUIRE(idx.ok());
    CHECK(*idx == std::vector<std::string>{"acct-human"});

    auto rows = query::loadEntityRows(db, EntityLevel::Account, {"acct-small", "nobody", "acct-bot"});
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    CHECK(rows->at(0).entity == "acct-small");
    CHECK(rows->at(0).requests == 3);
    CHECK(rows->at(1).requests == 200);
    CHECK(rows->at(1).outputTokens == 200 * 900);
}

TEST_CASE("unscored levels are listed from the rollups", "[query]") {
    test::QueryCase c;
    test::buildQueryCase(c, /*analyse=*/false);
    auto db = openRead(c.path);
    auto scored = query::levelIsScored(db, EntityLevel::Key);
    REQUIRE(scored.ok());
    CHECK_FALSE(*scored);
    query::EntityIndexRequest req;
    req.level = EntityLevel::Key;
    req.sort = query::EntitySort::Requests;
    auto idx = query::loadEntityIndex(db, req);
    REQUIRE(idx.ok());
    REQUIRE(idx->size() == 3);
    CHECK(idx->front() == "key-acct-bot");
    auto rows = query::loadEntityRows(db, EntityLevel::Key, {"key-acct-human"});
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->front().requests == 20);
}

TEST_CASE("series aggregate the rollups into buckets split by model", "[query]") {
    test::QueryCase c;
    test::buildQueryCase(c);
    auto db = openRead(c.path);
    query::SeriesRequest req;
    req.entities = {"acct-bot"};
    req.fromUs = kT0;
    req.toUs = kT0 + 3 * query::kDayUs;
    req.bucketUs = query::kDayUs;
    auto r = query::loadSeries(db, req);
    REQUIRE(r.ok());
    CHECK(r->byModel);
    REQUIRE(r->series.size() == 2);   // m-a and m-b
    int64_t total = 0;
    for (const auto& s : r->series)
        for (const auto& b : s.buckets) total += b.requests;
    CHECK(total == 200);   // 200 requests at 15 min = 50 h, all inside three days
    // Day 1 holds 96 requests, split 48/48 between the models.
    CHECK(r->series[0].buckets.front().startUs == kT0);
    CHECK(r->series[0].buckets.front().requests == 48);

    req.bucketUs = 15 * query::kMinuteUs;   // minute rollup: no model split
    req.toUs = kT0 + query::kHourUs;
    r = query::loadSeries(db, req);
    REQUIRE(r.ok());
    CHECK_FALSE(r->byModel);
    REQUIRE(r->series.size() == 1);
    CHECK(r->series[0].buckets.size() == 4);

    // At most one bucket per 2 px: 30 days over 800 px is 240 three-hour buckets (1 h would be 720).
    CHECK(query::chooseBucketUs(query::kDayUs * 30, 800) == 3 * query::kHourUs);
    CHECK(query::chooseBucketUs(query::kDayUs * 365, 800) == query::kDayUs);
    CHECK(query::chooseBucketUs(query::kHourUs * 2, 800) == query::kMinuteUs);

    auto hourly = query::loadHourly(db, EntityLevel::Account, "acct-human");
    REQUIRE(hourly.ok());
    CHECK(hourly->size() == 20);
    auto ext = query::loadExtent(db, EntityLevel::Account, {"acct-human"});
    REQUIRE(ext.ok());
    REQUIRE(ext->has_value());
    CHECK((*ext)->firstUs == kT0 + 9 * query::kHourUs);
}

TEST_CASE("request index pages by entity, range and prompt search", "[query]") {
    test::QueryCase c;
    test::buildQueryCase(c);
    {
        auto writer = store::openCase(c.path, store::CaseAccess::Write);
        REQUIRE(writer.ok());
        REQUIRE(query::ensureRequestLevelIndex(*writer, EntityLevel::Account).ok());
        auto before = query::promptIndexState(*writer);
        REQUIRE(before.ok());
        CHECK_FALSE(before->ready());
        int64_t lastDone = 0;
        REQUIRE(query::buildPromptIndex(*writer, nullptr, [&](int64_t d, int64_t) { lastDone = d; }, 50).ok());
        CHECK(lastDone == 223);
        auto after = query::promptIndexState(*writer);
        REQUIRE(after.ok());
        CHECK(after->ready());
    }
    auto db = openRead(c.path);
    query::RequestFilter f;
    f.entities = {"acct-human"};
    auto idx = query::loadRequestIndex(db, f);
    REQUIRE(idx.ok());
    CHECK(idx->ids.size() == 20);

    f.entities = {"acct-bot"};
    f.fromUs = kT0;
    f.toUs = kT0 + query::kHourUs;
    idx = query::loadRequestIndex(db, f);
    REQUIRE(idx.ok());
    REQUIRE(idx->ids.size() == 4);
    auto rows = query::loadRequestRows(db, idx->ids);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 4);
    CHECK(std::is_sorted(rows->begin(), rows->end(), [](auto& a, auto& b) { return a.tsUs < b.tsUs; }));
    CHECK(rows->front().account == "acct-bot");
    CHECK(rows->front().promptPreview.rfind("please explain", 0) == 0);

    query::RequestFilter s;
    s.search = "hello";
    idx = query::loadRequestIndex(db, s);
    REQUIRE(idx.ok());
    CHECK(idx->ids.size() == 20);
    s.search = "\"unbalanced AND (";   // hostile search text is not an FTS syntax error
    idx = query::loadRequestIndex(db, s);
    REQUIRE(idx.ok());
    CHECK(idx->ids.empty());

    auto detail = query::loadRequestDetail(db, rows->front().id);
    REQUIRE(detail.ok());
    REQUIRE(detail->has_value());
    const auto& d = **detail;
    CHECK(d.prompt.value_or("").find("step by step") != std::string::npos);
    CHECK(d.raw.find("acct-bot") != std::string::npos);
    CHECK(d.sourceSha256.size() == 64);
    CHECK(d.line >= 2);
}

TEST_CASE("fts query text quotes every word", "[query]") {
    CHECK(query::ftsQueryFromUserText("  step by ") == "\"step\" \"by\"");
    CHECK(query::ftsQueryFromUserText("trans*") == "\"trans\"*");
    CHECK(query::ftsQueryFromUserText("a\"b") == "\"a\"\"b\"");
    CHECK(query::ftsQueryFromUserText("   ").empty());
}
