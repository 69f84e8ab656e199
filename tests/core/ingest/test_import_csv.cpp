#include "import_test_util.h"
#include "rollup_totals.h"

#include <atomic>
#include <cstdlib>

using namespace siphon;
using namespace siphon::test;

TEST_CASE("CSV rows import with provenance and the raw record recoverable", "[ingest][csv]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    csv += csvRow(1, "\"multi\nline, \"\"quoted\"\" prompt\"");
    csv += csvRow(2);
    writeFile(dir.file("a.csv"), csv);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("a.csv")});
    REQUIRE(s.files.size() == 1);
    CHECK(s.files[0].format == "generic_csv");
    CHECK(s.files[0].requests == 2);
    CHECK(s.files[0].rejects == 0);
    CHECK(s.files[0].complete);
    CHECK(text(db, "SELECT prompt FROM request_content c JOIN request r ON r.id = c.request_id WHERE r.line = 2") ==
          "multi\nline, \"quoted\" prompt");
    // Line numbers count physical lines: the quoted newline makes the second row start on line 4.
    CHECK(count(db, "SELECT line FROM request WHERE request_id = 'req-2'") == 4);
    // The stored raw bytes are exactly the bytes at the recorded offset of the source.
    auto st = db.prepare("SELECT r.byte_offset, r.byte_length, w.raw FROM request r JOIN request_raw w ON w.request_id = r.id");
    REQUIRE(st.ok());
    int rows = 0;
    while (st->step() == store::StepResult::Row) {
        const auto off = static_cast<size_t>(st->columnInt(0));
        const auto len = static_cast<size_t>(st->columnInt(1));
        CHECK(csv.substr(off, len) == st->columnText(2));
        ++rows;
    }
    CHECK(rows == 2);
    CHECK(text(db, "SELECT sha256 FROM source_file").size() == 64);
}

TEST_CASE("importing the same file twice adds nothing and says so", "[ingest]") {
    TempDir dir;
    writeFile(dir.file("a.csv"), std::string(kCsvHeader) + csvRow(1) + csvRow(2));
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("a.csv")});
    auto again = importOk(db, {dir.file("a.csv")});
    CHECK(again.files[0].alreadyImported);
    CHECK(count(db, "SELECT count(*) FROM request") == 2);
    CHECK(count(db, "SELECT count(*) FROM source_file") == 1);
}

TEST_CASE("overlapping exports: duplicates point at the first copy, reused ids with new content are conflicts",
          "[ingest]") {
    TempDir dir;
    writeFile(dir.file("a.csv"), std::string(kCsvHeader) + csvRow(1) + csvRow(2));
    std::string b = std::string(kCsvHeader) + csvRow(2) + csvRow(3);
    std::string changed = csvRow(1);
    changed.replace(changed.find(",10,100,"), 8, ",11,100,");   // same request id, other content
    b += changed;
    writeFile(dir.file("b.csv"), b);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("a.csv")});
    auto s = importOk(db, {dir.file("b.csv")});
    CHECK(s.files[0].records == 3);
    CHECK(s.files[0].duplicates == 1);
    CHECK(s.files[0].requests == 2);
    CHECK(s.files[0].conflicts == 1);
    CHECK(count(db, "SELECT count(*) FROM request") == 4);
    CHECK(count(db, "SELECT first_row_id FROM duplicate") == count(db, "SELECT id FROM request WHERE request_id='req-2'"));
}

TEST_CASE("rollups count each imported request once per level", "[ingest]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    for (int i = 0; i < 30; ++i) csv += csvRow(i);
    csv += csvRow(5);   // duplicate: must not be counted twice
    writeFile(dir.file("a.csv"), csv);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("a.csv")});
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).requests == 30);
    CHECK(rollupTotals(db, EntityLevel::Ip, RollupCells::Minutes).requests == 30);
    CHECK(rollupTotals(db, EntityLevel::Key, RollupCells::Hours).outputTokens == 3000);
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).entities == 3);
}

TEST_CASE("a cancelled import leaves the file incomplete, and re-import resumes to exact totals", "[ingest][resume]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    for (int i = 0; i < 500; ++i) csv += csvRow(i, i % 50 == 7 ? "\"broken" : "p" + std::to_string(i));
    writeFile(dir.file("a.csv"), csv);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportOptions opt;
    opt.batchRows = 40;
    int batches = 0;
    opt.progress = [&](const ingest::ImportProgress&) { return ++batches < 3; };
    auto first = ingest::importFiles(db, {dir.file("a.csv")}, opt);
    REQUIRE(first.ok());
    CHECK(first->cancelled);
    CHECK_FALSE(first->files[0].complete);
    const auto partial = count(db, "SELECT count(*) FROM request");
    CHECK(partial > 0);
    CHECK(partial < 490);
    CHECK(count(db, "SELECT complete FROM source_file") == 0);

    auto second = importOk(db, {dir.file("a.csv")}, ingest::ImportOptions{});
    CHECK(second.files[0].resumed);
    CHECK(second.files[0].complete);
    CHECK(count(db, "SELECT count(*) FROM request") == 490);
    CHECK(count(db, "SELECT count(*) FROM reject") == 10);
    CHECK(count(db, "SELECT count(*) FROM duplicate") == 0);
    CHECK(count(db, "SELECT records FROM source_file") == 500);
    CHECK(rollupTotals(db, EntityLevel::Account, RollupCells::Hours).requests == 490);
}

TEST_CASE("zstd and xz inputs are read as streams with offsets in the decompressed bytes", "[ingest][compressed]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    for (int i = 0; i < 50; ++i) csv += csvRow(i);
    writeFile(dir.file("z.csv"), csv);
    REQUIRE(std::system(("zstd -q -f " + dir.file("z.csv") + " -o " + dir.file("z.csv.zst")).c_str()) == 0);
    REQUIRE(std::system(("xz -k -f " + dir.file("z.csv")).c_str()) == 0);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("z.csv.zst")});
    CHECK(s.files[0].requests == 50);
    CHECK(text(db, "SELECT format_hints FROM source_file").find("zstd") != std::string::npos);
    const auto off = count(db, "SELECT byte_offset FROM request WHERE request_id = 'req-9'");
    CHECK(csv.compare(static_cast<size_t>(off), 20, csvRow(9).substr(0, 20)) == 0);
    // The same records in another container are duplicates of the first copy, not new rows.
    auto t = importOk(db, {dir.file("z.csv.xz")});
    CHECK(t.files[0].duplicates == 50);
    CHECK(count(db, "SELECT count(*) FROM request") == 50);
}
