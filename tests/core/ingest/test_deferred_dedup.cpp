// An import into an empty case deduplicates in memory and builds its unique index at the end. The
// outcome must be exactly that of the indexed path: same duplicates, same first copies, same
// conflicts; also when the memory cap switches to the index mid-run, and after a run was killed.
#include "import_test_util.h"
#include "rollup_totals.h"

#include "ingest/dedup_index.h"
#include "ingest/record_key_set.h"

using namespace siphon;
using namespace siphon::test;

namespace {
void writeOverlappingExports(const TempDir& dir) {
    std::string a = std::string(kCsvHeader);
    for (int i = 1; i <= 40; ++i) a += csvRow(i);
    writeFile(dir.file("a.csv"), a);
    std::string b = std::string(kCsvHeader) + csvRow(2) + csvRow(41);   // req-2 again: a duplicate
    std::string changed = csvRow(1);
    changed.replace(changed.find(",10,100,"), 8, ",11,100,");   // req-1 with other content: a conflict
    b += changed + csvRow(2);                                   // and req-2 a second time in this file
    writeFile(dir.file("b.csv"), b);
}

bool hasDedupIndex(const store::Database& db) {
    return count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'request_dedup'") == 1;
}

void checkOutcome(store::Database& db, const ingest::ImportSummary& s) {
    REQUIRE(s.files.size() == 2);
    CHECK(s.files[0].requests == 40);
    CHECK(s.files[1].requests == 2);
    CHECK(s.files[1].duplicates == 2);
    CHECK(s.files[1].conflicts == 1);
    CHECK(count(db, "SELECT count(*) FROM request") == 42);
    CHECK(count(db, "SELECT count(DISTINCT first_row_id) FROM duplicate") == 1);
    CHECK(count(db, "SELECT first_row_id FROM duplicate LIMIT 1") ==
          count(db, "SELECT id FROM request WHERE request_id = 'req-2'"));
    CHECK(count(db, "SELECT count(*) FROM conflict") == 1);
    CHECK(count(db, "SELECT conflicts FROM source_file WHERE id = 2") == 1);
    CHECK(hasDedupIndex(db));
    CHECK(count(db, "SELECT count(*) FROM meta WHERE key = 'dedup_index_deferred'") == 0);
    // Every stored request has its account, also on the in-memory path.
    CHECK(count(db, "SELECT count(*) FROM request WHERE org_id IS NOT NULL") == 42);
    // Rollups count each stored request once: the duplicates' counts were taken back out.
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).requests == 42);
}
} // namespace

TEST_CASE("a run into an empty case finds duplicates and conflicts in memory and builds the index",
          "[ingest][dedup]") {
    TempDir dir;
    writeOverlappingExports(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("a.csv"), dir.file("b.csv")});
    checkOutcome(db, s);
}

TEST_CASE("when the in-memory set is full the import builds the index and goes on with it", "[ingest][dedup]") {
    TempDir dir;
    writeOverlappingExports(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportOptions options;
    options.maxKeysInMemory = 10;   // full after the first ten rows
    options.batchRows = 4;
    options.chunkRows = 2;
    auto s = importOk(db, {dir.file("a.csv"), dir.file("b.csv")}, options);
    checkOutcome(db, s);
}

TEST_CASE("an import restores the index and conflicts a killed in-memory run left behind", "[ingest][dedup]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    auto deferred = ingest::beginDeferredDedup(db);
    REQUIRE(deferred.ok());
    REQUIRE(*deferred);
    CHECK_FALSE(hasDedupIndex(db));
    // What the killed run committed: two rows under one key with different content.
    REQUIRE(db.exec(R"SQL(
INSERT INTO source_file(id, path, display_name, sha256, size_bytes, format, importer_version, imported_at_us)
  VALUES (1, 'x.csv', 'x.csv', 'abc', 10, 'generic_csv', 'siphon 0', 0);
INSERT INTO request(id, source_file_id, line, byte_offset, byte_length, source_format, record_key, key_hash,
                    content_hash, ts_start_us, ts_precision_us)
  VALUES (1, 1, 2, 0, 10, 'generic_csv', 'r1', 7, 1, 0, 1000), (2, 1, 3, 10, 10, 'generic_csv', 'r1', 7, 2, 0, 1000);
)SQL").ok());
    writeFile(dir.file("next.csv"), std::string(kCsvHeader) + csvRow(50));
    importOk(db, {dir.file("next.csv")});
    CHECK(hasDedupIndex(db));
    CHECK(count(db, "SELECT count(*) FROM conflict WHERE request_id = 2 AND other_request_id = 1") == 1);
    CHECK(count(db, "SELECT conflicts FROM source_file WHERE id = 1") == 1);
    CHECK(count(db, "SELECT count(*) FROM meta WHERE key = 'dedup_index_deferred'") == 0);
}

TEST_CASE("RecordKeySet tells duplicates from conflicts, grows and stops at its cap", "[ingest][dedup]") {
    ingest::RecordKeySet set(5000);
    for (int64_t i = 1; i <= 3000; ++i) CHECK_FALSE(set.add(i * 977, i, i));
    CHECK(set.size() == 3000);
    for (int64_t i = 1; i <= 3000; ++i) REQUIRE(set.find(i * 977, i) == i);
    CHECK(set.find(977, 2) == 0);             // known key, other content: not a duplicate
    CHECK(set.add(977, 2, 3001));             // ... but a conflict once added
    CHECK(set.find(977, 2) == 3001);
    CHECK(set.find(977, 1) == 1);
    REQUIRE(set.conflictKeys().size() == 1);
    CHECK(set.conflictKeys()[0] == 977);
    CHECK_FALSE(set.full());
    for (int64_t i = 5000; set.size() < 5000; ++i) set.add(-i, 0, i);   // keys not used above
    CHECK(set.full());
    set.releaseMemory();
    CHECK(set.find(977, 1) == 0);
    CHECK(set.conflictKeys().size() == 1);
}

TEST_CASE("a run without conflicts leaves the index to the next import, which builds it before deduplicating",
          "[ingest][dedup]") {
    TempDir dir;
    writeOverlappingExports(dir);
    auto db = openTestCase(dir.file("c.siphon"));
    auto first = importOk(db, {dir.file("a.csv")});
    CHECK(first.files[0].requests == 40);
    CHECK_FALSE(hasDedupIndex(db));
    CHECK(text(db, "SELECT value FROM meta WHERE key = 'dedup_index_deferred'") == "pending");
    // The next import builds the index first, then finds the overlap with the first file through it.
    auto second = importOk(db, {dir.file("b.csv")});
    CHECK(hasDedupIndex(db));
    CHECK(count(db, "SELECT count(*) FROM meta WHERE key = 'dedup_index_deferred'") == 0);
    CHECK(second.files[0].duplicates == 2);
    CHECK(second.files[0].conflicts == 1);
    CHECK(second.files[0].requests == 2);
    CHECK(count(db, "SELECT count(*) FROM request") == 42);
}
