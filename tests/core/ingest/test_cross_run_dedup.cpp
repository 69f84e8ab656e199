// Three imports of daily folders into one case, as investigators receive them: the third run's
// duplicates (of rows from the first and the second run, and within itself) and its conflict (a
// request id of the second run with other content) are found exactly, with pointers to the first
// copies, and the rollups count every request once.
#include "import_test_util.h"
#include "rollup_totals.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

std::string dayFile(int first, int last) { return kCsvHeader + rowsOf(first, last); }

// Runs 1 and 2: two daily files each, requests 1-100 and 101-200.
void writeFirstTwoRuns(const TempDir& dir) {
    std::filesystem::create_directories(dir.file("run1"));
    std::filesystem::create_directories(dir.file("run2"));
    writeFile(dir.file("run1/day1.csv"), dayFile(1, 50));
    writeFile(dir.file("run1/day2.csv"), dayFile(51, 100));
    writeFile(dir.file("run2/day3.csv"), dayFile(101, 150));
    writeFile(dir.file("run2/day4.csv"), dayFile(151, 200));
}

// Run 3: new requests 201-260, plus req-7 (run 1) and req-170 (run 2) again byte for byte, req-150
// (run 2) with other content, and req-230 twice in its own run.
void writeThirdRun(const TempDir& dir) {
    std::filesystem::create_directories(dir.file("run3"));
    writeFile(dir.file("run3/day5.csv"), dayFile(201, 230) + csvRow(7) + withOtherTokens(csvRow(150), 12));
    writeFile(dir.file("run3/day6.csv"), kCsvHeader + csvRow(170) + csvRow(230) + rowsOf(231, 260));
}

int64_t idOf(const store::Database& db, const std::string& requestId, int64_t source) {
    return count(db, "SELECT id FROM request WHERE request_id = '" + requestId + "' AND source_file_id = " +
                         std::to_string(source));
}

void checkThirdRun(const store::Database& db, const ingest::ImportSummary& third) {
    REQUIRE(third.files.size() == 2);
    CHECK(third.files[0].requests == 31);     // 201-230 and the changed req-150
    CHECK(third.files[0].duplicates == 1);    // req-7
    CHECK(third.files[0].conflicts == 1);     // req-150
    CHECK(third.files[1].requests == 30);     // 231-260
    CHECK(third.files[1].duplicates == 2);    // req-170, req-230
    CHECK(count(db, "SELECT count(*) FROM request") == 261);
    CHECK(count(db, "SELECT count(*) FROM duplicate") == 3);
    // Each duplicate points at the first copy, whichever run stored it.
    CHECK(count(db, "SELECT first_row_id FROM duplicate WHERE source_file_id = 5") == idOf(db, "req-7", 1));
    CHECK(count(db, "SELECT first_row_id FROM duplicate WHERE source_file_id = 6 AND line = 2") ==
          idOf(db, "req-170", 4));
    CHECK(count(db, "SELECT first_row_id FROM duplicate WHERE source_file_id = 6 AND line = 3") ==
          idOf(db, "req-230", 5));
    // The conflict names the run-3 row and the run-2 row it contradicts.
    CHECK(count(db, "SELECT count(*) FROM conflict") == 1);
    CHECK(count(db, "SELECT request_id FROM conflict") == idOf(db, "req-150", 5));
    CHECK(count(db, "SELECT other_request_id FROM conflict") == idOf(db, "req-150", 3));
    CHECK(count(db, "SELECT conflicts FROM source_file WHERE id = 5") == 1);
    CHECK(count(db, "SELECT sum(conflicts) FROM source_file") == 1);
    // Rollups: every stored request once, duplicates taken back out.
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).requests == 261);
    CHECK(rollupTotals(db, EntityLevel::Ip, RollupCells::Minutes).requests == 261);
    CHECK(rollupTotals(db, EntityLevel::Key, RollupCells::Hours).inputTokens ==
          count(db, "SELECT sum(input_tokens) FROM request"));
}

void importThreeRuns(const ingest::ImportOptions& options) {
    TempDir dir;
    writeFirstTwoRuns(dir);
    writeThirdRun(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    auto first = importOk(db, {dir.file("run1")}, options);
    CHECK(first.files.size() == 2);
    auto second = importOk(db, {dir.file("run2")}, options);
    REQUIRE(second.files.size() == 2);
    CHECK(second.files[0].duplicates + second.files[1].duplicates == 0);
    CHECK(count(db, "SELECT count(*) FROM request") == 200);
    checkThirdRun(db, importOk(db, {dir.file("run3")}, options));
}

} // namespace

TEST_CASE("the third import of a folder finds duplicates and a conflict across runs", "[ingest][dedup][cross-run]") {
    importThreeRuns({});
}

TEST_CASE("cross-run duplicates and conflicts are exact when batches are small", "[ingest][dedup][cross-run]") {
    ingest::ImportOptions options;
    options.batchRows = 7;   // transactions end inside each file
    options.chunkRows = 3;
    importThreeRuns(options);
}
