// The third import of a folder on the fast path: each run keeps the case ids of its entity and
// model names (a later run preloads them from the case), and adds each entity's sums of a
// transaction with one upsert. The third run's duplicates (of a first-run row and of its own row)
// and its conflict (a second-run request id with other content) are found, and every entity's
// totals equal what its stored requests add up to, also when the name cache is too small to hold
// the case's names and most of them are resolved in SQL.
#include "import_test_util.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

// Runs 1 and 2 hold requests 1-150; run 3 adds 151-170, req-7 (run 1) again byte for byte,
// req-120 (run 2) with other content and req-160 twice.
void writeThreeRuns(const TempDir& dir) {
    for (const char* run : {"run1", "run2", "run3"}) std::filesystem::create_directories(dir.file(run));
    writeFile(dir.file("run1/day1.csv"), kCsvHeader + rowsOf(1, 50));
    writeFile(dir.file("run1/day2.csv"), kCsvHeader + rowsOf(51, 100));
    writeFile(dir.file("run2/day3.csv"), kCsvHeader + rowsOf(101, 150));
    writeFile(dir.file("run3/day4.csv"),
              kCsvHeader + rowsOf(151, 160) + csvRow(7) + withOtherTokens(csvRow(120), 13) + csvRow(160));
    writeFile(dir.file("run3/day5.csv"), kCsvHeader + rowsOf(161, 170));
}

int64_t idOf(const store::Database& db, const std::string& requestId, int64_t source) {
    return count(db, "SELECT id FROM request WHERE request_id = '" + requestId +
                         "' AND source_file_id = " + std::to_string(source));
}

void checkThirdRun(const store::Database& db, const ingest::ImportSummary& third) {
    REQUIRE(third.files.size() == 2);
    CHECK(third.files[0].requests == 11);     // 151-160 and the changed req-120
    CHECK(third.files[0].duplicates == 2);    // req-7 (run 1), req-160 (this run)
    CHECK(third.files[0].conflicts == 1);     // req-120
    CHECK(third.files[1].requests == 10);
    CHECK(count(db, "SELECT count(*) FROM request") == 171);
    CHECK(count(db, "SELECT first_row_id FROM duplicate WHERE line = 12") == idOf(db, "req-7", 1));
    CHECK(count(db, "SELECT first_row_id FROM duplicate WHERE line = 14") == idOf(db, "req-160", 4));
    CHECK(count(db, "SELECT request_id FROM conflict") == idOf(db, "req-120", 4));
    CHECK(count(db, "SELECT other_request_id FROM conflict") == idOf(db, "req-120", 3));
    // One entity per name, and its totals count each stored request once (duplicates taken back).
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 0") == 3);
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 2") == 5);
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 4") == 7);
    CHECK(count(db, "SELECT count(*) FROM model_name") == 1);
    CHECK(count(db, "SELECT sum(requests) FROM entity WHERE level = 0") == 171);
    CHECK(entitiesWithWrongTotals(db, 0, "org_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 2, "api_key_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 4, "source_ip") == 0);
}

void importThreeRuns(const ingest::ImportOptions& options) {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    CHECK(importOk(db, {dir.file("run1")}, options).files.size() == 2);
    CHECK(importOk(db, {dir.file("run2")}, options).files.size() == 1);
    CHECK(count(db, "SELECT count(*) FROM request") == 150);
    checkThirdRun(db, importOk(db, {dir.file("run3")}, options));
}

} // namespace

TEST_CASE("the third import of a folder finds duplicates and a conflict and keeps entity totals exact",
          "[ingest][dedup][cross-run]") {
    importThreeRuns({});
}

TEST_CASE("entity totals stay exact across runs when the name cache is full and batches are small",
          "[ingest][dedup][cross-run]") {
    ingest::ImportOptions options;
    options.maxCachedNames = 2;   // most names resolved in SQL, by upsert
    options.batchRows = 6;
    options.chunkRows = 4;
    importThreeRuns(options);
}
