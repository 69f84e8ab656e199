// The bundle ZIP's bytes are pinned: a fixed set of entries (many small ones and a few of several
// MiB, compressible and not) written at a fixed time gives the SHA-256 taken on main before the
// export was changed to stream its files. Any change to how entries are written (one call or many
// pieces) must keep these bytes, or every earlier bundle's hash stops being reproducible.
#include "evidence/zip_writer.h"
#include "test_paths.h"
#include "util/hash.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

using namespace siphon;
using namespace siphon::evidence;

namespace {

constexpr int64_t kGoldenTimeUs = 1'767'225'600'000'000LL;   // 2026-01-01T00:00:00Z

// CSV-like lines from a fixed linear congruential sequence: the same bytes on every machine.
std::string pseudoRecords(uint64_t seed, size_t lines) {
    std::string out;
    uint64_t x = seed;
    for (size_t i = 0; i < lines; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        out += "EX-001," + std::to_string(i + 1) + ",acct-" + std::to_string((x >> 40) % 997) + ",model-" +
               std::to_string((x >> 20) % 7) + ",\"prompt " + std::to_string(x) + "\"\n";
    }
    return out;
}

// Bytes that deflate cannot shrink (stored blocks inside the deflate stream).
std::string pseudoBinary(uint64_t seed, size_t size) {
    std::string out(size, '\0');
    uint64_t x = seed;
    for (char& c : out) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        c = static_cast<char>(x >> 56);
    }
    return out;
}

std::vector<ZipEntry> goldenEntries() {
    std::vector<ZipEntry> entries;
    entries.push_back({"report.pdf", pseudoBinary(1, 3 << 20)});
    for (int i = 1; i <= 300; ++i) {
        const std::string n = std::to_string(1000 + i).substr(1);
        entries.push_back({"evidence/EX-" + n + ".csv", pseudoRecords(static_cast<uint64_t>(i), static_cast<size_t>(i) * 7)});
    }
    entries.push_back({"evidence/EX-301.jsonl", pseudoRecords(301, 120'000)});
    entries.push_back({"empty.txt", ""});
    return entries;
}

// Taken with writeDeterministicZip on main at 9e08792 (before ZipStream, after the end padding was dropped).
const char* const kGoldenSha256 = "dc99af513e65bd336f6e3b7de400b9b660646545b07c897f63686f912567831a";

} // namespace

TEST_CASE("the bundle ZIP of a fixed set of entries has the bytes pinned on main", "[evidence][zip][golden]") {
    test::TempDir dir;
    const std::string zip = dir.file("golden.zip");
    SECTION("each entry written whole") {
        REQUIRE(writeDeterministicZip(zip, goldenEntries(), kGoldenTimeUs).ok());
    }
    SECTION("each entry written in pieces of 997 bytes, as the export streams its record files") {
        ZipStream stream(zip, kGoldenTimeUs);
        REQUIRE(stream.open().ok());
        for (const ZipEntry& e : goldenEntries()) {
            REQUIRE(stream.beginEntry(e.path, static_cast<int64_t>(e.bytes.size())).ok());
            for (size_t at = 0; at < e.bytes.size(); at += 997)
                REQUIRE(stream.write(std::string_view(e.bytes).substr(at, 997)).ok());
        }
        REQUIRE(stream.finish().ok());
    }
    CHECK(sha256File(zip) == kGoldenSha256);
}

TEST_CASE("a streamed entry must be exactly its declared size, and a failed stream leaves no file", "[evidence][zip]") {
    test::TempDir dir;
    const std::string zip = dir.file("b.zip");
    {
        ZipStream stream(zip, kGoldenTimeUs);
        REQUIRE(stream.open().ok());
        REQUIRE(stream.beginEntry("evidence/EX-001.csv", 10).ok());
        REQUIRE(stream.write("12345").ok());
        CHECK_FALSE(stream.write("678901").ok());      // past the declared size
        auto next = stream.beginEntry("evidence/EX-001.jsonl", 0);   // the first is still 5 bytes short
        REQUIRE_FALSE(next.ok());
        CHECK_THAT(next.error().message, Catch::Contains("5 bytes short"));
        CHECK_FALSE(stream.finish().ok());
    }
    CHECK_FALSE(std::filesystem::exists(zip));
    CHECK_FALSE(std::filesystem::exists(zip + ".partial"));
}
