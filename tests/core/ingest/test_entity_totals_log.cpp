// The run's entity totals log (ingest/entity_totals_log.h): sums of entities that already exist go
// to `entity_totals_pending` in the transaction that commits their rows, and reach `entity` once, at
// the run's end. Checked: the blob codec, that a run in many transactions uses the log and leaves it
// empty with exact totals (its third import finds a duplicate of each earlier run and a conflict),
// and that sums a killed run left in the log are added by the next import, exactly once.
#include "import_test_util.h"
#include "ingest/entity_totals_log.h"
#include "store/rollup_time.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

using store::rollup_time::kHourUs;

// Request i: one of 3 accounts, 5 keys and 7 IPs, on one of 4 days at one of 24 hours.
std::string spreadRow(int i, int inputTokens = 10) {
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return "2026-02-" + two(1 + i % 4) + "T" + two(i % 24) + ":" + two(i % 60) + ":00Z,acct" + std::to_string(i % 3) +
           ",k" + std::to_string(i % 5) + ",10.0.0." + std::to_string(i % 7) + ",gpt-4o," +
           std::to_string(inputTokens) + ",100,req-" + std::to_string(i) + ",hello\n";
}

std::string spreadRows(int first, int last) {
    std::string s;
    for (int i = first; i <= last; ++i) s += spreadRow(i);
    return s;
}

// Run 3 repeats req-7 (run 1) byte for byte, req-120 (run 2) with other tokens, and req-160 twice.
void writeThreeRuns(const TempDir& dir) {
    for (const char* run : {"run1", "run2", "run3"}) std::filesystem::create_directories(dir.file(run));
    writeFile(dir.file("run1/day1.csv"), kCsvHeader + spreadRows(1, 50));
    writeFile(dir.file("run1/day2.csv"), kCsvHeader + spreadRows(51, 100));
    writeFile(dir.file("run2/day3.csv"), kCsvHeader + spreadRows(101, 150));
    writeFile(dir.file("run3/day4.csv"),
              kCsvHeader + spreadRows(151, 160) + spreadRow(7) + spreadRow(120, 13) + spreadRow(160));
}

// Entities of `level` whose totals differ from what their stored requests add up to.
int64_t wrongTotals(const store::Database& db, int level, const std::string& column) {
    const std::string of = "FROM request r WHERE r." + column + " = e.name";
    return count(db, "SELECT count(*) FROM entity e WHERE e.level = " + std::to_string(level) +
                         " AND (e.requests <> (SELECT count(*) " + of + ")"
                         " OR e.input_tokens <> (SELECT sum(input_tokens) " + of + ")"
                         " OR e.output_tokens <> (SELECT sum(output_tokens) " + of + ")"
                         " OR e.first_hour_us <> (SELECT min(ts_start_us) / 3600000000 * 3600000000 " + of + ")"
                         " OR e.last_hour_us <> (SELECT max(ts_start_us) / 3600000000 * 3600000000 " + of + "))");
}

int64_t wrongTotalsAnyLevel(const store::Database& db) {
    return wrongTotals(db, 0, "org_id") + wrongTotals(db, 2, "api_key_id") + wrongTotals(db, 4, "source_ip");
}

// Small transactions, so that every file after the first adds to entities that exist.
ingest::ImportOptions smallBatches() {
    ingest::ImportOptions options;
    options.batchRows = 6;
    options.chunkRows = 4;
    return options;
}

} // namespace

TEST_CASE("entity totals deltas survive encoding, and a damaged blob is refused", "[ingest][entity-totals]") {
    const std::vector<ingest::EntityTotalsDelta> deltas = {
        {3, {1, 10, 100}, 1767571200000000, 1767571200000000},
        {4, {-2, -20, 0}, -3 * kHourUs - 5, 7 * kHourUs + 1},   // taken back; before the epoch; not on the hour
        {9'000'000'000, {5, int64_t{1} << 40, 7}, 0, 48 * kHourUs},
    };
    std::string blob;
    ingest::encodeTotalsDeltas(deltas, blob);
    std::vector<ingest::EntityTotalsDelta> back;
    REQUIRE(ingest::decodeTotalsDeltas(blob, back));
    REQUIRE(back.size() == deltas.size());
    for (size_t i = 0; i < deltas.size(); ++i) {
        CHECK(back[i].id == deltas[i].id);
        CHECK(back[i].sums.requests == deltas[i].sums.requests);
        CHECK(back[i].sums.input == deltas[i].sums.input);
        CHECK(back[i].sums.output == deltas[i].sums.output);
        CHECK(back[i].firstHour == deltas[i].firstHour);
        CHECK(back[i].lastHour == deltas[i].lastHour);
    }
    std::vector<ingest::EntityTotalsDelta> ignored;
    CHECK_FALSE(ingest::decodeTotalsDeltas(blob.substr(0, blob.size() - 1), ignored));   // truncated
    CHECK_FALSE(ingest::decodeTotalsDeltas("\x02" + blob.substr(1), ignored));            // unknown format
    CHECK_FALSE(ingest::decodeTotalsDeltas(std::string("\x01\x00", 2), ignored));        // id not rising
    CHECK_FALSE(ingest::decodeTotalsDeltas("", ignored));
}

TEST_CASE("a run in many transactions logs existing entities' sums and adds them once at its end",
          "[ingest][entity-totals][dedup][cross-run]") {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportOptions options = smallBatches();
    int64_t mostLogged = 0;
    options.progress = [&](const ingest::ImportProgress&) {
        mostLogged = std::max(mostLogged, count(db, "SELECT count(*) FROM entity_totals_pending"));
        return true;
    };
    importOk(db, {dir.file("run1")}, options);
    CHECK(mostLogged > 0);   // the log was used, not the rows directly
    CHECK(count(db, "SELECT count(*) FROM entity_totals_pending") == 0);
    CHECK(wrongTotalsAnyLevel(db) == 0);
    importOk(db, {dir.file("run2")}, options);
    const auto third = importOk(db, {dir.file("run3")}, options);
    REQUIRE(third.files.size() == 1);
    CHECK(third.files[0].requests == 11);    // 151-160 and the changed req-120
    CHECK(third.files[0].duplicates == 2);   // req-7 (run 1), req-160 (this run)
    CHECK(third.files[0].conflicts == 1);    // req-120 (run 2)
    CHECK(count(db, "SELECT count(*) FROM request") == 161);
    CHECK(count(db, "SELECT count(*) FROM entity_totals_pending") == 0);
    CHECK(count(db, "SELECT sum(requests) FROM entity WHERE level = 0") == 161);
    CHECK(wrongTotalsAnyLevel(db) == 0);
}

TEST_CASE("sums a killed run left in the log are added by the next import, exactly once",
          "[ingest][entity-totals][crash]") {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("run1")}, smallBatches());
    // What a run killed after committing rows of acct1 leaves: their sums in the log, not in the row.
    const int64_t id = count(db, "SELECT id FROM entity WHERE level = 0 AND name = 'acct1'");
    const int64_t firstHour = count(db, "SELECT first_hour_us FROM entity WHERE id = " + std::to_string(id));
    const std::vector<ingest::EntityTotalsDelta> logged = {{id, {4, 40, 400}, firstHour, firstHour}};
    std::string blob;
    ingest::encodeTotalsDeltas(logged, blob);
    auto put = db.prepare("INSERT INTO entity_totals_pending(deltas) VALUES(?1)");
    REQUIRE(put.ok());
    put->bindBlob(1, blob);
    REQUIRE(put->run().ok());
    REQUIRE(db.exec("UPDATE entity SET requests = requests - 4, input_tokens = input_tokens - 40,"
                    " output_tokens = output_tokens - 400 WHERE id = " + std::to_string(id)).ok());
    REQUIRE(wrongTotals(db, 0, "org_id") == 1);

    importOk(db, {dir.file("run2")}, smallBatches());
    CHECK(count(db, "SELECT count(*) FROM entity_totals_pending") == 0);
    CHECK(wrongTotalsAnyLevel(db) == 0);
    CHECK(count(db, "SELECT sum(requests) FROM entity WHERE level = 0") == 150);
}
