// An import reads the case through its bounded page cache, not the memory map: mapped pages it
// touches (the dedup index build, every probe of a later import) would stay resident and count in
// its RSS, which then grew with the case (394 MB for a 3-file import into a 1M-request case).
// The connection gets its map back when the import ends.
#include "import_test_util.h"

using namespace siphon;
using namespace siphon::test;

TEST_CASE("an import runs without the memory map and restores it afterwards", "[ingest][memory]") {
    TempDir dir;
    std::string rows = kCsvHeader;
    for (int i = 1; i <= 50; ++i) rows += csvRow(i);
    writeFile(dir.file("a.csv"), rows);
    auto db = openTestCase(dir.file("c.siphon"));
    const int64_t before = count(db, "PRAGMA mmap_size");
    REQUIRE(before > 0);   // cases are opened with a map (store/case_file.cpp)
    std::vector<int64_t> during;
    ingest::ImportOptions options;
    options.progress = [&](const ingest::ImportProgress&) {
        during.push_back(count(db, "PRAGMA mmap_size"));
        return true;
    };
    auto s = importOk(db, {dir.file("a.csv")}, options);
    CHECK(s.files.at(0).requests == 50);
    REQUIRE_FALSE(during.empty());
    for (int64_t m : during) CHECK(m == 0);
    CHECK(count(db, "PRAGMA mmap_size") == before);
}
