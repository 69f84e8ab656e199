// A run into a case that already holds requests: it reads the case's entity and model names into
// its name cache first (one sequential read, when they fit), so a name it has not seen is new to
// the case and is inserted without a lookup. The third import of a folder on that path still finds
// its duplicate and its conflict across runs, gives a new name exactly one entity, and keeps every
// entity's totals equal to what its stored requests add up to; also when the first run's in-memory
// key set filled up and it went on through the index (the path that grows the page cache).
#include "import_test_util.h"

#include "ingest/case_names.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

// A row whose account, key and IP the first two runs never saw.
std::string withNewNames(std::string row) {
    row.replace(row.find(",acct"), 5, ",fresh-acct");
    row.replace(row.find(",k"), 2, ",fresh-k");
    row.replace(row.find(",10.0.0."), 8, ",192.0.2.");
    return row;
}

// Runs 1 and 2 hold requests 1-120; run 3 brings 121-140 under new names, req-9 (run 1) again byte
// for byte and req-110 (run 2) with other content.
void writeThreeRuns(const TempDir& dir) {
    for (const char* run : {"run1", "run2", "run3"}) std::filesystem::create_directories(dir.file(run));
    writeFile(dir.file("run1/day1.csv"), kCsvHeader + rowsOf(1, 60));
    writeFile(dir.file("run2/day2.csv"), kCsvHeader + rowsOf(61, 120));
    std::string third = kCsvHeader;
    for (int i = 121; i <= 140; ++i) third += withNewNames(csvRow(i));
    writeFile(dir.file("run3/day3.csv"), third + csvRow(9) + withOtherTokens(csvRow(110), 14));
}

void checkThirdRun(const store::Database& db, const ingest::ImportSummary& third) {
    REQUIRE(third.files.size() == 1);
    CHECK(third.files[0].requests == 21);   // 121-140 and the changed req-110
    CHECK(third.files[0].duplicates == 1);  // req-9
    CHECK(third.files[0].conflicts == 1);   // req-110
    CHECK(count(db, "SELECT count(*) FROM request") == 141);
    CHECK(count(db, "SELECT first_row_id FROM duplicate") ==
          count(db, "SELECT id FROM request WHERE request_id = 'req-9'"));
    CHECK(count(db, "SELECT count(*) FROM conflict") == 1);
    // Each new name is one entity; the old ones were not inserted again.
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 0") == 6);   // acct0-2, fresh-acct0-2
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 2") == 10);  // k0-4, fresh-k0-4
    CHECK(count(db, "SELECT count(*) FROM entity WHERE level = 4") == 14);  // 10.0.0.0-6, 192.0.2.0-6
    CHECK(count(db, "SELECT count(*) FROM model_name") == 1);
    CHECK(count(db, "SELECT sum(requests) FROM entity WHERE level = 0") == 141);
    CHECK(entitiesWithWrongTotals(db, 0, "org_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 2, "api_key_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 4, "source_ip") == 0);
}

void importThreeRuns(const ingest::ImportOptions& options) {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("run1")}, options);
    importOk(db, {dir.file("run2")}, options);
    checkThirdRun(db, importOk(db, {dir.file("run3")}, options));
}

} // namespace

TEST_CASE("the third import of a folder, starting from the case's names, finds its duplicate and conflict",
          "[ingest][dedup][cross-run]") {
    importThreeRuns({});
}

TEST_CASE("the same third import after a first run whose in-memory key set filled up", "[ingest][dedup][cross-run]") {
    ingest::ImportOptions options;
    options.maxKeysInMemory = 25;   // run 1 goes on through the index after 25 rows
    options.batchRows = 8;
    options.chunkRows = 4;
    importThreeRuns(options);
}

TEST_CASE("a case's names load into the run's cache only when they all fit", "[ingest][names]") {
    TempDir dir;
    writeFile(dir.file("a.csv"), kCsvHeader + rowsOf(1, 30));
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("a.csv")});
    const int64_t names = count(db, "SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM model_name)");
    REQUIRE(names > 10);

    ingest::EntityIdCache all(1000, false);
    auto loaded = ingest::loadCaseNames(db, all, 1000);
    REQUIRE(loaded.ok());
    CHECK(*loaded);
    CHECK(all.knowsAllNames());
    CHECK(static_cast<int64_t>(all.size()) == names);
    CHECK(all.find(0, "acct1") == count(db, "SELECT id FROM entity WHERE level = 0 AND name = 'acct1'"));
    CHECK(all.find(4, "10.0.0.3") == count(db, "SELECT id FROM entity WHERE level = 4 AND name = '10.0.0.3'"));
    CHECK(all.find(ingest::EntityIdCache::kModel, "gpt-4o") ==
          count(db, "SELECT id FROM model_name WHERE name = 'gpt-4o'"));
    CHECK(all.find(0, "acct9") == 0);

    // A cap the names do not fit under: nothing is read, and names go to SQL as before.
    ingest::EntityIdCache few(static_cast<size_t>(names), false);
    auto partial = ingest::loadCaseNames(db, few, static_cast<size_t>(names));
    REQUIRE(partial.ok());
    CHECK_FALSE(*partial);
    CHECK(few.size() == 0);
    CHECK_FALSE(few.knowsAllNames());
}
