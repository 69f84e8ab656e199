// Opening a case fails fast with the cause an examiner can act on (read-only media, a truncated
// or empty file, a full disk), and a case on read-only media is still read.
#include "store/case_file.h"
#include "ingest/importer.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace siphon;
using namespace siphon::store;

namespace {

void makeCase(const std::string& path, const std::string& csv = {}) {
    auto db = openCase(path, CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    if (!csv.empty()) {
        auto r = ingest::importFiles(*db, {csv}, {});
        REQUIRE(r.ok());
    }
    REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
}

std::string csvFile(const test::TempDir& dir, int rows) {
    std::string s = "timestamp,account_id,model,input_tokens,output_tokens,request_id,prompt\n";
    for (int i = 0; i < rows; ++i)
        s += "2026-02-03T14:00:00Z,acct" + std::to_string(i % 7) + ",gpt-4o,10,100,req-" + std::to_string(i) +
             ",prompt number " + std::to_string(i) + " with some words in it\n";
    const std::string path = dir.file("in" + std::to_string(rows) + ".csv");
    test::writeFile(path, s);
    return path;
}

} // namespace

TEST_CASE("a case whose -shm cannot be made (read-only media) is read as immutable", "[store][open]") {
    test::TempDir dir;
    const std::string c = dir.file("ro.siphon");
    makeCase(c, csvFile(dir, 50));
    std::filesystem::remove(c + "-shm");
    // What read-only media does to SQLite, without mount privileges: the -shm cannot be created.
    std::filesystem::create_directory(c + "-shm");
    auto db = openCase(c, CaseAccess::Read);
    INFO((db.ok() ? std::string() : db.error().describe()));
    REQUIRE(db.ok());
    CHECK(*db->queryInt("SELECT count(*) FROM request") == 50);

    SECTION("but not when its -wal holds changes it would miss") {
        test::writeFile(c + "-wal", std::string(4096, '\x01'));
        auto again = openCase(c, CaseAccess::Read);
        REQUIRE_FALSE(again.ok());
        CHECK_THAT(again.error().message, Catch::Contains("-wal"));
    }
}

TEST_CASE("a truncated case is named as truncated, for readers and writers", "[store][open]") {
    test::TempDir dir;
    const std::string c = dir.file("cut.siphon");
    makeCase(c, csvFile(dir, 3000));
    const auto size = std::filesystem::file_size(c);
    REQUIRE(size > 3 * 65536);
    std::filesystem::resize_file(c, size / 2);
    for (auto access : {CaseAccess::Read, CaseAccess::Write, CaseAccess::CreateWrite}) {
        auto db = openCase(c, access);
        REQUIRE_FALSE(db.ok());
        CHECK_THAT(db.error().message, Catch::Contains("truncated"));
    }
    // And an empty file is no case, not a new one.
    test::writeFile(dir.file("empty.siphon"), "");
    for (auto access : {CaseAccess::Read, CaseAccess::Write, CaseAccess::CreateWrite}) {
        auto db = openCase(dir.file("empty.siphon"), access);
        REQUIRE_FALSE(db.ok());
        CHECK_THAT(db.error().message, Catch::Contains("empty"));
    }
    CHECK(std::filesystem::file_size(dir.file("empty.siphon")) == 0);
}

TEST_CASE("a read-only file that is no case says so, not just read-only", "[store][open]") {
    test::TempDir dir;
    const std::string f = dir.file("notes.siphon");
    test::writeFile(f, std::string(8192, 'x'));
    REQUIRE(::chmod(f.c_str(), 0444) == 0);
    auto db = openCase(f, CaseAccess::Write);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::Schema);
    CHECK_THAT(db.error().message, Catch::Contains("not a Siphon case"));
}

TEST_CASE("a full disk is reported as a full disk", "[store][open][disk]") {
    CHECK_THAT(describeSqliteFailure(SQLITE_IOERR_WRITE, ENOSPC, "disk I/O error", "cannot open case", "c").message,
               Catch::Contains("disk is full"));
    CHECK_THAT(describeSqliteFailure(SQLITE_CANTOPEN, EROFS, "unable to open database file", "", "c").message,
               Catch::Contains("read-only file system"));
    CHECK(describeSqliteFailure(SQLITE_CANTOPEN, EROFS, "unable to open database file", "", "c").code ==
          ErrorCode::ReadOnly);
    // A stale errno is not blamed for an error of another kind.
    CHECK(describeSqliteFailure(SQLITE_CONSTRAINT_UNIQUE, ENOSPC, "UNIQUE constraint failed", "", "c").message ==
          "UNIQUE constraint failed");

    // An import that fills the case's space: the limit SQLite enforces stands in for the disk.
    test::TempDir dir;
    const std::string c = dir.file("full.siphon");
    makeCase(c);
    auto db = openCase(c, CaseAccess::Write);
    REQUIRE(db.ok());
    const auto pages = db->queryInt("PRAGMA page_count");
    REQUIRE(pages.ok());
    REQUIRE(db->exec("PRAGMA max_page_count = " + std::to_string(*pages + 2)).ok());
    auto r = ingest::importFiles(*db, {csvFile(dir, 20000)}, {});
    std::string message = r.ok() ? (r->files.at(0).error ? r->files[0].error->message : "") : r.error().message;
    INFO(message);
    CHECK_THAT(message, Catch::Contains("disk is full"));
}
