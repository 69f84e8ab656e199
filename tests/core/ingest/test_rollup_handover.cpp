// The parse thread hands its rollup sums over whenever they reach ImportOptions::maxRollupKeys, and
// the transaction goes on (ingest/parse_worker.cpp); the writer adds entity totals once, before the
// commit. With a cap of a few keys every file is one transaction of many hand-overs: rollups are
// written before anything commits, and the third import of a folder still finds a duplicate of an
// earlier run, one of its own (counted in another hand-over than its first copy) and a conflict,
// with rollups and entity totals equal to what the stored requests add up to.
#include "import_test_util.h"
#include "rollup_totals.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

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

// Run 3 repeats req-7 (run 1) byte for byte, req-120 (run 2) with other tokens, and its own req-152
// forty rows later.
void writeThreeRuns(const TempDir& dir) {
    for (const char* run : {"run1", "run2", "run3"}) std::filesystem::create_directories(dir.file(run));
    writeFile(dir.file("run1/day1.csv"), kCsvHeader + spreadRows(1, 50));
    writeFile(dir.file("run1/day2.csv"), kCsvHeader + spreadRows(51, 100));
    writeFile(dir.file("run2/day3.csv"), kCsvHeader + spreadRows(101, 150));
    writeFile(dir.file("run3/day4.csv"), kCsvHeader + spreadRows(151, 170) + spreadRow(7) + spreadRow(120, 13) +
                                             spreadRows(171, 190) + spreadRow(152));
}

// One transaction per file, handing the rollups over every request or two.
ingest::ImportOptions manyHandOvers() {
    ingest::ImportOptions options;
    options.batchRows = 100000;
    options.chunkRows = 3;
    options.maxRollupKeys = 12;
    return options;
}

// The level's hour and minute cells hold exactly the stored requests and their input tokens.
void checkRollups(const store::Database& db, EntityLevel level, const std::string& column) {
    const int64_t requests = count(db, "SELECT count(*) FROM request WHERE " + column + " IS NOT NULL");
    const int64_t input = count(db, "SELECT sum(input_tokens) FROM request WHERE " + column + " IS NOT NULL");
    for (RollupCells kind : {RollupCells::Hours, RollupCells::Minutes}) {
        const RollupTotals t = rollupTotals(db, level, kind);
        CHECK(t.requests == requests);
        CHECK(t.inputTokens == input);
    }
}

} // namespace

TEST_CASE("rollups handed over mid-transaction are written before the commit, which comes at the file's end",
          "[ingest][rollup][handover]") {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    auto reader = store::openCase(dir.file("c.siphon"), store::CaseAccess::Read);
    REQUIRE(reader.ok());
    ingest::ImportOptions options = manyHandOvers();
    int64_t daysWrittenUncommitted = 0;
    options.progress = [&](const ingest::ImportProgress& p) {
        if (p.fileIndex != 0 || p.records >= 50) return true;   // the first file, before its last chunk
        if (*reader->queryInt("SELECT count(*) FROM request") == 0)
            daysWrittenUncommitted = std::max(daysWrittenUncommitted, count(db, "SELECT count(*) FROM rollup_day"));
        return true;
    };
    importOk(db, {dir.file("run1/day1.csv")}, options);
    CHECK(daysWrittenUncommitted > 0);
    CHECK(count(db, "SELECT count(*) FROM request") == 50);
    checkRollups(db, EntityLevel::Account, "org_id");
}

TEST_CASE("the third import of a folder finds its duplicates and conflict across rollup hand-overs",
          "[ingest][rollup][handover][dedup][cross-run]") {
    TempDir dir;
    writeThreeRuns(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("run1")}, manyHandOvers());
    importOk(db, {dir.file("run2")}, manyHandOvers());
    const auto third = importOk(db, {dir.file("run3")}, manyHandOvers());
    REQUIRE(third.files.size() == 1);
    CHECK(third.files[0].requests == 41);    // 151-190 and the changed req-120
    CHECK(third.files[0].duplicates == 2);   // req-7 (run 1), req-152 (this file, 40 rows earlier)
    CHECK(third.files[0].conflicts == 1);    // req-120 (run 2)
    CHECK(count(db, "SELECT count(*) FROM request") == 191);
    CHECK(count(db, "SELECT count(*) FROM duplicate WHERE line = 22") == 1);   // req-7, after the header and 20 rows
    CHECK(count(db, "SELECT count(*) FROM duplicate WHERE line = 44") == 1);   // req-152 again
    CHECK(count(db, "SELECT sum(requests) FROM entity WHERE level = 0") == 191);
    CHECK(entitiesWithWrongTotals(db, 0, "org_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 2, "api_key_id") == 0);
    CHECK(entitiesWithWrongTotals(db, 4, "source_ip") == 0);
    checkRollups(db, EntityLevel::Account, "org_id");
    checkRollups(db, EntityLevel::Key, "api_key_id");
    checkRollups(db, EntityLevel::Ip, "source_ip");
}
