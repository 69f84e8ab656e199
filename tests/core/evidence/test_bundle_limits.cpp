// verifyBundle's zip-bomb limits, exercised with small limits so the archives stay small: an
// entry past its size limit (declared up front, or only found while streaming from a pipe where
// there is no central directory to read sizes from), a bundle past its total, too many entries,
// an oversized descriptive file. The default limits are too big to
// reach in a unit test; tests/cli/test_verify_hostile_zip.cpp covers the ones a header reveals.
#include "evidence/bundle_verify.h"
#include "evidence/zip_writer.h"
#include "test_paths.h"

#include <archive.h>
#include <archive_entry.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace siphon;
using namespace siphon::evidence;

namespace {

constexpr int64_t kMiB = 1 << 20;

std::string firstFailure(const std::string& zip, const VerifyLimits& limits) {
    auto rep = verifyBundle(zip, std::nullopt, limits);
    REQUIRE(rep.ok());
    REQUIRE_FALSE(rep->ok);
    REQUIRE(rep->refused);
    REQUIRE_FALSE(rep->failures.empty());
    return rep->failures.front();
}

// One deflated entry written without a size in its header (ZIP "length at end"), the way a
// streaming writer or an attacker would: only decompressing reveals how big it is.
void writeSizelessZip(const std::string& path, const std::string& name, const std::string& bytes) {
    struct Free {
        void operator()(archive* a) const { archive_write_free(a); }
    };
    std::unique_ptr<archive, Free> a(archive_write_new());
    REQUIRE(archive_write_set_format_zip(a.get()) == ARCHIVE_OK);
    archive_write_zip_set_compression_deflate(a.get());
    REQUIRE(archive_write_open_filename(a.get(), path.c_str()) == ARCHIVE_OK);
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_unset_size(e);
    REQUIRE(archive_write_header(a.get(), e) == ARCHIVE_OK);
    REQUIRE(archive_write_data(a.get(), bytes.data(), bytes.size()) == static_cast<la_ssize_t>(bytes.size()));
    archive_entry_free(e);
    REQUIRE(archive_write_close(a.get()) == ARCHIVE_OK);
}

// verifyBundle on `zip` fed through a named pipe (as `siphon-cli verify /dev/stdin` would be).
std::string firstFailureThroughPipe(const std::string& zip, const std::string& fifo, const VerifyLimits& limits) {
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const std::string bytes = test::readFile(zip);
    // The verifier stops reading when it refuses: the feeder must not die of SIGPIPE.
    auto* previous = std::signal(SIGPIPE, SIG_IGN);
    std::thread feeder([&] {
        const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) return;
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0) break;
            done += static_cast<size_t>(n);
        }
        ::close(fd);
    });
    auto rep = verifyBundle(fifo, std::nullopt, limits);
    feeder.join();
    std::signal(SIGPIPE, previous);
    REQUIRE(rep.ok());
    CHECK(rep->refused);
    REQUIRE_FALSE(rep->failures.empty());
    return rep->failures.front();
}

} // namespace

TEST_CASE("verifyBundle refuses entries and bundles past the decompression limits", "[evidence][bundle][hostile]") {
    test::TempDir dir;
    VerifyLimits limits;
    limits.maxEntryBytes = kMiB;
    limits.maxTotalBytes = 2 * kMiB;
    limits.maxKeptBytes = kMiB / 2;

    SECTION("an entry that only reveals its size while decompressing") {
        // From a pipe libarchive cannot seek to the central directory, and this entry's local
        // header carries no size: only the streaming limit can stop it.
        writeSizelessZip(dir.file("b.zip"), "evidence/EX-001.csv", std::string(4 * kMiB, '\0'));
        CHECK(firstFailureThroughPipe(dir.file("b.zip"), dir.file("pipe"), limits) ==
              "refused: entry 'evidence/EX-001.csv' decompresses past 1 MiB (zip bomb?)");
    }
    SECTION("the same entry read from a file: the central directory gives its size away") {
        writeSizelessZip(dir.file("b.zip"), "evidence/EX-001.csv", std::string(4 * kMiB, '\0'));
        CHECK(firstFailure(dir.file("b.zip"), limits) ==
              "refused: entry 'evidence/EX-001.csv' declares 4194304 bytes, more than the 1 MiB limit (zip bomb?)");
    }
    SECTION("an entry whose header declares more than the limit") {
        REQUIRE(writeDeterministicZip(dir.file("b.zip"), {{"evidence/EX-001.csv", std::string(2 * kMiB, 'a')}}, 0).ok());
        const std::string why = firstFailure(dir.file("b.zip"), limits);
        // libarchive may or may not put the size in the local header; either way it is refused.
        const bool declared = why == "refused: entry 'evidence/EX-001.csv' declares 2097152 bytes, more than the 1 MiB limit (zip bomb?)";
        const bool streamed = why == "refused: entry 'evidence/EX-001.csv' decompresses past 1 MiB (zip bomb?)";
        INFO(why);
        CHECK((declared || streamed));
    }
    SECTION("many entries each under the limit, together over the total") {
        std::vector<ZipEntry> entries;
        for (int i = 0; i < 3; ++i) entries.push_back({"evidence/EX-00" + std::to_string(i) + ".csv", std::string(900 * 1024, 'b')});
        REQUIRE(writeDeterministicZip(dir.file("b.zip"), entries, 0).ok());
        CHECK(firstFailure(dir.file("b.zip"), limits) == "refused: bundle decompresses past 2 MiB (zip bomb?)");
    }
    SECTION("more entries than allowed") {
        limits.maxEntries = 3;
        std::vector<ZipEntry> entries;
        for (int i = 0; i < 4; ++i) entries.push_back({"e/" + std::to_string(i), "x"});
        REQUIRE(writeDeterministicZip(dir.file("b.zip"), entries, 0).ok());
        CHECK(firstFailure(dir.file("b.zip"), limits) == "refused: more than 3 entries (zip bomb?)");
    }
    SECTION("a descriptive file too large to hold in memory") {
        writeSizelessZip(dir.file("b.zip"), "SHA256SUMS", std::string(600 * 1024, 'c'));
        CHECK(firstFailure(dir.file("b.zip"), limits) == "refused: entry 'SHA256SUMS' is too large for its kind");
    }
}

TEST_CASE("verifyBundle's default limits do not refuse an honest archive", "[evidence][bundle]") {
    // Within every limit: not refused, it fails only for what a bundle lacks.
    test::TempDir dir;
    REQUIRE(writeDeterministicZip(dir.file("b.zip"), {{"evidence/EX-001.csv", std::string(3 << 20, 'a')}}, 0).ok());
    auto rep = verifyBundle(dir.file("b.zip"), std::nullopt);
    REQUIRE(rep.ok());
    CHECK_FALSE(rep->refused);
    CHECK_FALSE(rep->ok);
    CHECK(rep->failures.front() == "SHA256SUMS: missing");
}
