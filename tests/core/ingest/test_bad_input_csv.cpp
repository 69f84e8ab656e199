#include "import_test_util.h"

#include <cstdlib>

using namespace siphon;
using namespace siphon::test;

namespace {
ingest::FileImportResult importOne(const std::string& dir, const std::string& name, const std::string& bytes,
                                   store::Database& db, ingest::ImportOptions opt = {}) {
    writeFile(dir + "/" + name, bytes);
    auto s = importOk(db, {dir + "/" + name}, opt);
    REQUIRE(s.files.size() == 1);
    return s.files[0];
}
} // namespace

TEST_CASE("bad CSV rows are rejected with line, offset, reason and bytes; good rows are kept", "[ingest][bad]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    std::string csv = kCsvHeader;
    csv += csvRow(1);                                                              // line 2 ok
    csv += "2026-02-03T14:00:00Z,acct1,k1,1.1.1.1,m,ten,5,req-x,p\n";             // line 3 non-numeric tokens
    csv += "not-a-time,acct1,k1,1.1.1.1,m,1,5,req-y,p\n";                         // line 4 bad timestamp
    csv += ",acct1,k1,1.1.1.1,m,1,5,req-z,p\n";                                   // line 5 missing timestamp
    csv += "2026-02-03T14:00:00Z,acct1,k1,1.1.1.1,m,1,5,req-u,bad \xff\xfe utf8\n"; // line 6 invalid UTF-8
    csv += "2026-02-03T14:00:00Z,acct1,k1\n";                                     // line 7 too few fields
    csv += "2026-02-03T14:00:00Z,acct1,k1,1.1.1.1,m,1,5,req-q,\"never closed\n";   // line 8 unbalanced quote
    csv += csvRow(2);                                                              // line 9 ok
    auto f = importOne(dir.path(), "bad.csv", csv, db);
    CHECK(f.requests == 2);
    CHECK(f.rejects == 6);
    CHECK(f.records == 8);
    struct Expect {
        int line;
        const char* reason;
    };
    const Expect expected[] = {{3, "non-numeric input_tokens"}, {4, "unparseable timestamp"}, {5, "missing timestamp"},
                               {6, "invalid UTF-8"},            {7, "fields"},                {8, "unbalanced quote"}};
    for (const auto& e : expected) {
        INFO("line " << e.line);
        const std::string reason = text(db, "SELECT reason FROM reject WHERE line = " + std::to_string(e.line));
        CHECK_THAT(reason, Catch::Contains(e.reason));
        const auto off = count(db, "SELECT byte_offset FROM reject WHERE line = " + std::to_string(e.line));
        const std::string raw = text(db, "SELECT raw FROM reject WHERE line = " + std::to_string(e.line));
        CHECK(csv.compare(static_cast<size_t>(off), raw.size(), raw) == 0);
    }
}

TEST_CASE("a 5 MB single CSV row imports whole; a row over the cap is rejected, not lost", "[ingest][bad]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    const std::string big(5 * 1024 * 1024, 'a');
    auto f = importOne(dir.path(), "big.csv", std::string(kCsvHeader) + csvRow(1, big) + csvRow(2), db);
    CHECK(f.requests == 2);
    CHECK(count(db, "SELECT length(prompt) FROM request_content c JOIN request r ON r.id = c.request_id"
                    " WHERE r.request_id = 'req-1'") == static_cast<int64_t>(big.size()));

    ingest::ImportOptions small;
    small.maxRecordBytes = 1024 * 1024;
    auto g = importOne(dir.path(), "big2.csv", std::string(kCsvHeader) + csvRow(3, "\"" + big + "\"") + csvRow(4), db,
                       small);
    CHECK(g.requests == 1);
    CHECK(g.rejects >= 1);
    CHECK_THAT(text(db, "SELECT reason FROM reject WHERE source_file_id = " + std::to_string(g.sourceId)),
               Catch::Contains("longer than"));
    CHECK(count(db, "SELECT max(raw_truncated) FROM reject WHERE source_file_id = " + std::to_string(g.sourceId)) == 1);
}

// fuzz_import found a line of quotes that took 14 s per MB to frame: after a closed quoted field
// every literal quote searched the rest of the window for the line end again. Linear now, so
// 4 MB of them frame in a blink; a quadratic framer would take minutes here (and hours under ASan).
TEST_CASE("a row of millions of quotes is framed in one pass and loses nothing around it", "[ingest][bad]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    const std::string quotes = "\"closed\"" + std::string(4 * 1024 * 1024, '"');
    auto f = importOne(dir.path(), "quotes.csv", std::string(kCsvHeader) + csvRow(1) + quotes + "\n" + csvRow(2), db);
    CHECK(f.requests == 2);
    CHECK(f.rejects == 1);
    CHECK(f.records == 3);
}

TEST_CASE("a truncated .gz keeps the records before the damage and names file and offset", "[ingest][bad]") {
    TempDir dir;
    std::string csv = kCsvHeader;
    for (int i = 0; i < 20000; ++i) csv += csvRow(i, "prompt number " + std::to_string(i * 7919));
    writeFile(dir.file("log.csv"), csv);
    REQUIRE(std::system(("gzip -9 " + dir.file("log.csv")).c_str()) == 0);
    std::string gz = readFile(dir.file("log.csv.gz"));
    gz.resize(gz.size() / 2);
    writeFile(dir.file("cut.csv.gz"), gz);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("cut.csv.gz")});
    const auto& f = s.files[0];
    REQUIRE(f.error);
    CHECK(f.error->code == ErrorCode::Corrupt);
    CHECK(f.error->file == dir.file("cut.csv.gz"));
    CHECK(f.error->offset > 0);
    CHECK_THAT(f.error->describe(), Catch::Contains("offset"));
    CHECK_FALSE(f.complete);
    CHECK(f.requests > 1000);
    CHECK(f.requests < 20000);
}

TEST_CASE("missing files and unknown formats fail clearly", "[ingest][bad]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    SECTION("missing file") {
        auto r = ingest::importFiles(db, {dir.file("nope.csv")}, {});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Io);
        CHECK(r.error().file == dir.file("nope.csv"));
    }
    SECTION("unknown CSV") {
        writeFile(dir.file("odd.csv"), "colour,shape\nred,square\n");
        auto s = importOk(db, {dir.file("odd.csv")});
        REQUIRE(s.files[0].error);
        CHECK(s.files[0].error->code == ErrorCode::Format);
        CHECK_THAT(s.files[0].error->message, Catch::Contains("tried"));
        CHECK_THAT(s.files[0].error->message, Catch::Contains("generic_csv"));
        CHECK(count(db, "SELECT count(*) FROM source_file") == 0);
    }
    SECTION("empty file") {
        writeFile(dir.file("empty.csv"), "");
        auto s = importOk(db, {dir.file("empty.csv")});
        REQUIRE(s.files[0].error);
        CHECK_THAT(s.files[0].error->message, Catch::Contains("empty"));
    }
    SECTION("a first line of millions of commas is refused at once, not split into columns") {
        writeFile(dir.file("commas.csv"), std::string(3'000'000, ',') + "\n" + csvRow(1));
        auto s = importOk(db, {dir.file("commas.csv")});
        REQUIRE(s.files[0].error);
        CHECK(s.files[0].error->code == ErrorCode::Format);
        CHECK_THAT(s.files[0].error->message, Catch::Contains("too long for a CSV header"));
        CHECK(count(db, "SELECT count(*) FROM source_file") == 0);
    }
    SECTION("unknown format name") {
        writeFile(dir.file("a.csv"), std::string(kCsvHeader) + csvRow(1));
        ingest::ImportOptions opt;
        opt.format = "no_such_format";
        auto s = importOk(db, {dir.file("a.csv")}, opt);
        REQUIRE(s.files[0].error);
        CHECK(s.files[0].error->code == ErrorCode::Usage);
    }
}

TEST_CASE("a mapping file names columns the guesser cannot", "[ingest][mapping]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    writeFile(dir.file("m.json"), R"({"columns": {"timestamp": "When", "account_id": "Who", "output_tokens": "Out"}})");
    writeFile(dir.file("odd.csv"), "When,Who,Out\n2026-02-03T14:00:00Z,acme,42\n");
    ingest::ImportOptions opt;
    opt.format = "generic_csv";
    opt.settings.mappingPath = dir.file("m.json");
    auto s = importOk(db, {dir.file("odd.csv")}, opt);
    CHECK(s.files[0].requests == 1);
    CHECK(text(db, "SELECT org_id FROM request") == "acme");
    CHECK(count(db, "SELECT output_tokens FROM request") == 42);

    writeFile(dir.file("bad.json"), R"({"columns": {"timestamp": "When", "colour": "Who"}})");
    opt.settings.mappingPath = dir.file("bad.json");
    writeFile(dir.file("odd2.csv"), "When,Who,Out\n2026-02-03T14:00:01Z,acme,42\n");
    auto t = importOk(db, {dir.file("odd2.csv")}, opt);
    REQUIRE(t.files[0].error);
    CHECK_THAT(t.files[0].error->message, Catch::Contains("unknown field 'colour'"));
}
