// Memory of an import does not grow with pathological input: a run of blank lines hundreds of MB
// long, and one whitespace line hundreds of MB long, in a small .gz. The line is rejected with its
// length and its first bytes kept, without being held whole; the window's high-water mark and the
// process's peak RSS (reset before the import through /proc/self/clear_refs) stay bounded.
#include "import_test_util.h"

#include "ingest/byte_source.h"
#include "ingest/input_buffer.h"
#include "ingest/json_framer.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

using namespace siphon;
using namespace siphon::test;

namespace {

constexpr size_t kMiB = 1 << 20;

// AddressSanitizer keeps freed blocks in a quarantine (256 MB by default) before reusing them, so a
// sanitized build's peak RSS carries that on top of what the import holds; the plain build (the
// README's test command) checks the real bound.
#ifdef __SANITIZE_ADDRESS__
constexpr int64_t kQuarantineMb = 256;
#else
constexpr int64_t kQuarantineMb = 0;
#endif
constexpr int64_t kPeakGrowthBoundMb = 150 + kQuarantineMb;

std::string record(int i) {
    return "{\"timestamp\":\"2026-02-03T14:00:0" + std::to_string(i) + "Z\",\"account_id\":\"a\",\"model\":\"gpt-4o\","
           "\"input_tokens\":5,\"output_tokens\":7,\"request_id\":\"r" + std::to_string(i) + "\",\"prompt\":\"p\"}\n";
}

// A record, `mib` MiB of `filler` (lines of blanks, or one line), a record; gzip-compressed.
void writeGz(const std::string& path, size_t mib, const std::string& filler) {
    gzFile gz = gzopen(path.c_str(), "wb6");
    REQUIRE(gz);
    const std::string first = record(1), last = record(2);
    gzwrite(gz, first.data(), static_cast<unsigned>(first.size()));
    std::string block;
    while (block.size() < kMiB) block += filler;
    block.resize(kMiB);
    for (size_t i = 0; i < mib; ++i) REQUIRE(gzwrite(gz, block.data(), static_cast<unsigned>(block.size())) > 0);
    gzwrite(gz, "\n", 1);
    gzwrite(gz, last.data(), static_cast<unsigned>(last.size()));
    REQUIRE(gzclose(gz) == Z_OK);
}

int64_t statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stoll(line.substr(std::string(key).size()));
    return -1;
}

// Resets the peak RSS (VmHWM) to the current RSS; Linux >= 4.0.
void resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.close();
    REQUIRE(out.good());
}

} // namespace

TEST_CASE("a huge line is rejected with its length without being held whole", "[ingest][memory]") {
    TempDir dir;
    writeGz(dir.file("line.jsonl.gz"), 200, " ");   // one line of 200 MiB of spaces
    auto src = ingest::ByteSource::open(dir.file("line.jsonl.gz"));
    REQUIRE(src.ok());
    const size_t cap = 8 * kMiB;
    ingest::InputBuffer in(**src, cap);
    std::vector<std::string> records, rejects;
    ingest::JsonFramer framer(
        in, [&](const ingest::RawRecord& raw, simdjson::dom::element) {
            records.emplace_back(raw.bytes);
            return true;
        },
        [&](const ingest::RawRecord& raw, std::string reason) {
            rejects.push_back(reason);
            CHECK(raw.bytes.size() <= ingest::InputBuffer::kTooLongHead);
        });
    REQUIRE(framer.run());
    CHECK(records.size() == 2);
    REQUIRE(rejects.size() == 1);
    CHECK_THAT(rejects[0], Catch::Contains(std::to_string(200 * kMiB) + " bytes is longer than"));
    // The window held the cap and a block or two, never the line.
    CHECK(in.peakBytes() <= cap + 3 * kMiB);
}

TEST_CASE("import memory stays bounded on blank-line runs and huge lines", "[ingest][memory]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    SECTION("300 MiB of blank lines") {
        writeGz(dir.file("blank.jsonl.gz"), 300, std::string(4095, ' ') + "\n");
        const int64_t before = statusKb("VmRSS:");
        resetPeakRss();
        auto s = importOk(db, {dir.file("blank.jsonl.gz")});
        const int64_t peakGrowthMb = (statusKb("VmHWM:") - before) / 1024;
        INFO("peak RSS growth " << peakGrowthMb << " MB");
        CHECK_FALSE(s.files[0].error);
        CHECK(s.files[0].complete);
        CHECK(count(db, "SELECT count(*) FROM request") == 2);
        CHECK(peakGrowthMb < kPeakGrowthBoundMb);
    }
    SECTION("one 300 MiB whitespace line") {
        writeGz(dir.file("line.jsonl.gz"), 300, " ");
        const int64_t before = statusKb("VmRSS:");
        resetPeakRss();
        auto s = importOk(db, {dir.file("line.jsonl.gz")});
        const int64_t peakGrowthMb = (statusKb("VmHWM:") - before) / 1024;
        INFO("peak RSS growth " << peakGrowthMb << " MB");
        CHECK(count(db, "SELECT count(*) FROM request") == 2);
        CHECK(count(db, "SELECT count(*) FROM reject") == 1);
        CHECK(count(db, "SELECT byte_length FROM reject") > 0);
        CHECK(peakGrowthMb < kPeakGrowthBoundMb);
    }
}

// Found by fuzz_source (tests/fixtures/fuzz-regressions/README.md): with a cap below kTooLongHead
// the head of an over-long line came back longer than the cap, in both paths (line end in the
// window, and a line longer than the window).
TEST_CASE("an over-long line's head is never longer than the cap", "[ingest][memory]") {
    TempDir dir;
    const std::string shortLine(100, 'x'), longLine(3 * kMiB, 'y');
    writeFile(dir.file("lines.log"), "ok\n" + shortLine + "\n" + longLine + "\nend\n");
    auto src = ingest::ByteSource::open(dir.file("lines.log"));
    REQUIRE(src.ok());
    ingest::InputBuffer in(**src, 16);
    std::string_view line;
    int64_t offset = 0, lineNo = 0;
    bool tooLong = false;
    std::vector<std::pair<std::string, uint64_t>> seen;   // (line, length when too long)
    while (in.nextLine(line, offset, lineNo, tooLong)) {
        CHECK(line.size() <= 16);
        seen.emplace_back(std::string(line), tooLong ? in.tooLongBytes() : 0);
    }
    REQUIRE(seen.size() == 4);
    CHECK(seen[0] == std::make_pair(std::string("ok"), uint64_t{0}));
    CHECK(seen[1] == std::make_pair(std::string(16, 'x'), uint64_t{100}));
    CHECK(seen[2] == std::make_pair(std::string(16, 'y'), uint64_t{3 * kMiB}));
    CHECK(seen[3] == std::make_pair(std::string("end"), uint64_t{0}));
}
