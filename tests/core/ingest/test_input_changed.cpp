// A file that changes while it is imported (log rotation truncates it, a writer appends to it, it
// is replaced): the source stays INCOMPLETE with a reason, and its SHA-256 and size are those of
// the bytes the import read, never those of the file at another moment. Made deterministic by the
// byte source's read hook: the file is changed right after the import read its first block.
#include "import_test_util.h"

#include "ingest/byte_source.h"
#include "util/hash.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <unistd.h>

using namespace siphon;
using namespace siphon::test;

namespace {

constexpr uint64_t kFirstBlock = 1 << 20;   // the byte source reads plain files in 1 MiB blocks

// Runs `change` once, after the import has read its first block of `path`.
struct ChangeAfterFirstBlock {
    explicit ChangeAfterFirstBlock(const std::string& path, std::function<void()> change) {
        ingest::ByteSource::setStoredReadHookForTesting(
            [path, change = std::move(change), done = false](const std::string& p, uint64_t read) mutable {
                if (done || p != path || read < kFirstBlock) return;
                done = true;
                change();
            });
    }
    ~ChangeAfterFirstBlock() { ingest::ByteSource::setStoredReadHookForTesting({}); }
    ChangeAfterFirstBlock(const ChangeAfterFirstBlock&) = delete;
    ChangeAfterFirstBlock& operator=(const ChangeAfterFirstBlock&) = delete;
};

std::string bigCsv(int rows) {
    std::string s = kCsvHeader;
    for (int i = 0; i < rows; ++i) s += csvRow(i);
    return s;
}

int64_t linesIn(const std::string& bytes) { return static_cast<int64_t>(std::count(bytes.begin(), bytes.end(), '\n')); }

struct Source {
    std::string sha256;
    int64_t size = 0;
    bool complete = false;
};

Source sourceRow(store::Database& db, int64_t id) {
    const std::string where = " FROM source_file WHERE id = " + std::to_string(id);
    return {text(db, "SELECT sha256" + where), count(db, "SELECT size_bytes" + where),
            count(db, "SELECT complete" + where) != 0};
}

} // namespace

TEST_CASE("a file truncated while it imports stays incomplete and records the bytes read", "[ingest][changed]") {
    TempDir dir;
    const std::string path = dir.file("rotated.csv");
    const std::string original = bigCsv(38052);
    REQUIRE(original.size() > 2 * kFirstBlock);
    writeFile(path, original);
    const auto cut = static_cast<off_t>(kFirstBlock + kFirstBlock / 2);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportSummary s;
    {
        bool changed = false;   // set on the parse thread (Catch2 assertions stay on this one)
        ChangeAfterFirstBlock hook(path, [&] { changed = ::truncate(path.c_str(), cut) == 0; });
        s = importOk(db, {path});
        REQUIRE(changed);
    }
    REQUIRE(s.files.size() == 1);
    const auto& f = s.files[0];
    REQUIRE(f.error);
    CHECK_THAT(f.error->message, Catch::Contains("shrank") && Catch::Contains("INCOMPLETE"));
    CHECK_FALSE(f.complete);
    const std::string readBytes = original.substr(0, static_cast<size_t>(cut));
    const Source src = sourceRow(db, f.sourceId);
    CHECK_FALSE(src.complete);
    CHECK(src.size == cut);
    CHECK(src.sha256 == Sha256::hex(readBytes));
    CHECK(f.sha256 == src.sha256);
    // Every line read is a request or a reject (the one cut in half): nothing passes as complete.
    CHECK(count(db, "SELECT count(*) FROM request") + count(db, "SELECT count(*) FROM reject") ==
          linesIn(readBytes) - 1 + (readBytes.back() == '\n' ? 0 : 1));
    CHECK(count(db, "SELECT count(*) FROM request") < 38052);

    // The rotated file, imported again, is recognised by the bytes read and resumed: complete.
    auto again = importOk(db, {path});
    REQUIRE(again.files.size() == 1);
    CHECK(again.files[0].resumed);
    CHECK(again.files[0].complete);
    CHECK_FALSE(again.files[0].error);
}

TEST_CASE("a file that grows while it imports is read as it was, and stays incomplete", "[ingest][changed]") {
    TempDir dir;
    const std::string path = dir.file("live.csv");
    const std::string original = bigCsv(30000);
    writeFile(path, original);
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportSummary s;
    {
        bool changed = false;
        ChangeAfterFirstBlock hook(path, [&] {
            FILE* out = std::fopen(path.c_str(), "ab");
            if (!out) return;
            for (int i = 30000; i < 31000; ++i) std::fputs(csvRow(i).c_str(), out);
            changed = std::fclose(out) == 0;
        });
        s = importOk(db, {path});
        REQUIRE(changed);
    }
    const auto& f = s.files[0];
    REQUIRE(f.error);
    CHECK_THAT(f.error->message, Catch::Contains("grew"));
    const Source src = sourceRow(db, f.sourceId);
    CHECK_FALSE(src.complete);
    CHECK(src.size == static_cast<int64_t>(original.size()));
    CHECK(src.sha256 == Sha256::hex(original));
    CHECK(count(db, "SELECT count(*) FROM request") == 30000);
}

TEST_CASE("a file replaced while it imports is read whole from the original, and stays incomplete",
          "[ingest][changed]") {
    TempDir dir;
    const std::string path = dir.file("swapped.csv");
    const std::string original = bigCsv(30000);
    writeFile(path, original);
    writeFile(dir.file("other.csv"), bigCsv(10));
    auto db = openTestCase(dir.file("c.siphon"));
    ingest::ImportSummary s;
    {
        bool changed = false;
        ChangeAfterFirstBlock hook(path, [&] {
            std::error_code ec;
            std::filesystem::rename(dir.file("other.csv"), path, ec);
            changed = !ec;
        });
        s = importOk(db, {path});
        REQUIRE(changed);
    }
    const auto& f = s.files[0];
    REQUIRE(f.error);
    CHECK_THAT(f.error->message, Catch::Contains("replaced"));
    const Source src = sourceRow(db, f.sourceId);
    CHECK_FALSE(src.complete);
    CHECK(src.size == static_cast<int64_t>(original.size()));
    CHECK(src.sha256 == Sha256::hex(original));
    CHECK(count(db, "SELECT count(*) FROM request") == 30000);
}

TEST_CASE("a file left alone imports complete, with the hash of its bytes", "[ingest][changed]") {
    TempDir dir;
    const std::string path = dir.file("calm.csv");
    const std::string original = bigCsv(30000);
    writeFile(path, original);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {path});
    const auto& f = s.files[0];
    CHECK_FALSE(f.error);
    const Source src = sourceRow(db, f.sourceId);
    CHECK(src.complete);
    CHECK(src.size == static_cast<int64_t>(original.size()));
    CHECK(src.sha256 == Sha256::hex(original));
}
