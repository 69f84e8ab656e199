// The SHA-256 a source row records is the file's, whether the import hashed the file first (a
// source of the same size exists) or while importing it (no source of that size).
#include "import_test_util.h"

#include "util/hash.h"

using namespace siphon;
using namespace siphon::test;

TEST_CASE("a source's SHA-256 is the file's, hashed before or while importing", "[ingest][hash]") {
    TempDir dir;
    const std::string a = std::string(kCsvHeader) + csvRow(1) + csvRow(2);
    std::string b = a;
    b.replace(b.find("req-1"), 5, "req-9");   // same size, other bytes: hashed before importing
    const std::string empty = kCsvHeader;      // no record: the source row is written after the run
    writeFile(dir.file("a.csv"), a);
    writeFile(dir.file("b.csv"), b);
    writeFile(dir.file("empty.csv"), empty);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("a.csv"), dir.file("b.csv"), dir.file("empty.csv")});
    REQUIRE(s.files.size() == 3);
    const char* names[] = {"a.csv", "b.csv", "empty.csv"};
    for (size_t i = 0; i < 3; ++i) {
        INFO(names[i]);
        const std::string expected = sha256File(dir.file(names[i]));
        REQUIRE(expected.size() == 64);
        CHECK(s.files[i].sha256 == expected);
        CHECK(text(db, "SELECT sha256 FROM source_file WHERE id = " + std::to_string(s.files[i].sourceId)) == expected);
    }
    CHECK(count(db, "SELECT count(*) FROM source_file WHERE sha256 LIKE 'pending:%'") == 0);
    CHECK(count(db, "SELECT count(*) FROM source_file WHERE complete = 1") == 3);
    CHECK(s.files[1].requests == 1);     // req-9; its req-2 row is a duplicate of a.csv's
    CHECK(s.files[1].duplicates == 1);
    // The same file again is recognised by its hash and adds nothing.
    auto again = importOk(db, {dir.file("a.csv")});
    CHECK(again.files[0].alreadyImported);
    CHECK(count(db, "SELECT count(*) FROM request") == 3);
}
