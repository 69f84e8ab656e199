// Packed rollups on import: a day (and an hour, and a minute) that spans several transactions is
// merged, duplicates are taken back out, and every cell equals a GROUP BY over the stored requests.
#include "import_test_util.h"
#include "rollup_totals.h"

#include <algorithm>

using namespace siphon;
using namespace siphon::test;

namespace {

constexpr int64_t kHourUs = 3'600'000'000;
constexpr int64_t kMinuteUs = 60'000'000;

// 2026-02-03 22:00 to 2026-02-04 01:59, a request every 2 to 3 minutes, so days, hours and minutes
// all span transactions of a few rows.
std::string row(int i) {
    const int minutes = 22 * 60 + i * 5 / 2;
    const int day = 3 + minutes / (24 * 60);
    const int hh = minutes / 60 % 24, mm = minutes % 60;
    char ts[32];
    std::snprintf(ts, sizeof ts, "2026-02-%02dT%02d:%02d:%02dZ", day, hh, mm, i % 60);
    return std::string(ts) + ",acct" + std::to_string(i % 3) + ",k" + std::to_string(i % 4) + ",10.0.0." +
           std::to_string(i % 5) + "," + (i % 3 == 1 ? "o1" : "gpt-4o") + "," + std::to_string(i) + "," +
           std::to_string(100 + i) + ",req-" + std::to_string(i) + ",p" + std::to_string(i) + "\n";
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<std::string> sqlRows(const store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    std::vector<std::string> out;
    while (st->step() == store::StepResult::Row) out.push_back(st->columnText(0));
    return sorted(out);
}

// Every cell of every entity of the level, as "entity/start/model/requests/input/output".
std::vector<std::string> cells(const store::Database& db, EntityLevel level, RollupCells kind) {
    store::RollupReader reader(db);
    auto all = reader.all(level);
    REQUIRE(all.ok());
    std::vector<std::string> out;
    for (const auto& e : *all) {
        const std::string described = describeRollup(db, level, e.name, kind);
        size_t at = 0;
        while (at < described.size()) {
            size_t end = described.find(';', at);
            if (end == std::string::npos) end = described.size();
            out.push_back(e.name + "/" + described.substr(at, end - at));
            at = end + 1;
        }
    }
    return sorted(out);
}

void checkAgainstRequests(const store::Database& db) {
    for (const auto& l : kLevels) {
        INFO("level " << l.name);
        const std::string col(l.column);
        const std::string sums = "count(*) || '/' || sum(input_tokens) || '/' || sum(output_tokens)";
        CHECK(cells(db, l.level, RollupCells::Hours) ==
              sqlRows(db, "SELECT " + col + " || '/' || ((ts_start_us / " + std::to_string(kHourUs) + ") * " +
                              std::to_string(kHourUs) + ") || '/' || model || '/' || " + sums + " FROM request WHERE " +
                              col + " IS NOT NULL GROUP BY " + col + ", ts_start_us / " + std::to_string(kHourUs) +
                              ", model"));
        CHECK(cells(db, l.level, RollupCells::Minutes) ==
              sqlRows(db, "SELECT " + col + " || '/' || ((ts_start_us / " + std::to_string(kMinuteUs) + ") * " +
                              std::to_string(kMinuteUs) + ") || '/' || " + sums + " FROM request WHERE " + col +
                              " IS NOT NULL GROUP BY " + col + ", ts_start_us / " + std::to_string(kMinuteUs)));
        // Totals kept in `entity`, first/last at hour resolution.
        CHECK(sqlRows(db, "SELECT name || '/' || requests || '/' || input_tokens || '/' || output_tokens || '/' ||"
                          " first_hour_us || '/' || last_hour_us FROM entity WHERE level = " +
                              std::to_string(static_cast<int>(l.level)) + " AND requests > 0") ==
              sqlRows(db, "SELECT " + col + " || '/' || " + sums + " || '/' || (min(ts_start_us / " +
                              std::to_string(kHourUs) + ") * " + std::to_string(kHourUs) + ") || '/' || (max(ts_start_us / " +
                              std::to_string(kHourUs) + ") * " + std::to_string(kHourUs) + ") FROM request WHERE " + col +
                              " IS NOT NULL GROUP BY " + col));
    }
}

} // namespace

TEST_CASE("rollups of a day spanning transactions, with duplicates, equal a GROUP BY over requests",
          "[ingest][rollup]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    for (int i = 0; i < 96; ++i) {
        csv += row(i);
        if (i == 40) csv += row(40);   // a duplicate in the same transaction as its original
        if (i == 70) csv += row(12);   // and one transactions later, in another day
    }
    writeFile(dir.file("a.csv"), csv);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportOptions opt;
    opt.batchRows = 7;
    auto s = importOk(db, {dir.file("a.csv")}, opt);
    REQUIRE(s.files[0].requests == 96);
    REQUIRE(s.files[0].duplicates == 2);
    // Both days hold several transactions' requests.
    CHECK(count(db, "SELECT count(DISTINCT ts_start_us / 86400000000) FROM request") == 2);
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).requests == 96);
    checkAgainstRequests(db);

    // Another file with every record again and four new ones: only the new ones count.
    for (int i = 96; i < 100; ++i) csv += row(i);
    writeFile(dir.file("b.csv"), csv);
    auto again = importOk(db, {dir.file("b.csv")}, opt);
    CHECK(again.files[0].duplicates == 98);
    CHECK(again.files[0].requests == 4);
    checkAgainstRequests(db);
    CHECK(rollupTotals(db, EntityLevel::Ip, RollupCells::Minutes).requests == 100);
}
