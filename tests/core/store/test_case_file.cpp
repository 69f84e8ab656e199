#include <catch2/catch.hpp>

#include "store/case_file.h"
#include "store/schema.h"
#include "test_paths.h"

#include <filesystem>
#include <sys/stat.h>

using namespace siphon;
using namespace siphon::store;

TEST_CASE("a new case gets the latest schema, WAL and the Siphon application id", "[store]") {
    test::TempDir dir;
    auto db = openCase(dir.file("c.siphon"), CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == latestSchemaVersion());
    CHECK(*db->queryInt("PRAGMA application_id") == kApplicationId);
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode.ok());
    REQUIRE(mode->step() == StepResult::Row);
    CHECK(mode->columnText(0) == "wal");
}

TEST_CASE("a case created at each earlier version migrates forward and keeps its rows", "[store][migration]") {
    for (const auto& m : migrations()) {
        if (m.version == latestSchemaVersion()) continue;
        DYNAMIC_SECTION("from version " << m.version) {
            test::TempDir dir;
            const auto path = dir.file("old.siphon");
            {
                auto raw = Database::open(path, OpenMode::ReadWriteCreate);
                REQUIRE(raw.ok());
                REQUIRE(migrate(*raw, m.version).ok());
                CHECK(*raw->queryInt("PRAGMA user_version") == m.version);
                REQUIRE(raw->exec("INSERT INTO meta(key, value) VALUES('marker', 'kept')").ok());
            }
            auto db = openCase(path, CaseAccess::Write);
            REQUIRE(db.ok());
            CHECK(*db->queryInt("PRAGMA user_version") == latestSchemaVersion());
            CHECK(*db->queryInt("SELECT count(*) FROM meta WHERE key = 'marker' AND value = 'kept'") == 1);
        }
    }
}

TEST_CASE("a case from a newer Siphon is refused with a clear error", "[store][migration]") {
    test::TempDir dir;
    const auto path = dir.file("new.siphon");
    {
        auto db = openCase(path, CaseAccess::CreateWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA user_version = 999").ok());
    }
    auto again = openCase(path, CaseAccess::Write);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::Schema);
    CHECK_THAT(again.error().message, Catch::Contains("newer"));
    auto read = openCase(path, CaseAccess::Read);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::Schema);
}

TEST_CASE("files that are not Siphon cases are refused", "[store]") {
    test::TempDir dir;
    SECTION("plain text") {
        test::writeFile(dir.file("notes.siphon"), std::string(4096, 'x'));
        auto db = openCase(dir.file("notes.siphon"), CaseAccess::Write);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::Schema);
        CHECK_THAT(db.error().message, Catch::Contains("not a Siphon case"));
    }
    SECTION("another application's SQLite database") {
        {
            auto other = Database::open(dir.file("other.db"), OpenMode::ReadWriteCreate);
            REQUIRE(other.ok());
            REQUIRE(other->exec("CREATE TABLE t(x)").ok());
        }
        auto db = openCase(dir.file("other.db"), CaseAccess::Write);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::Schema);
    }
    SECTION("a corrupt case (header damaged)") {
        {
            auto db = openCase(dir.file("c.siphon"), CaseAccess::CreateWrite);
            REQUIRE(db.ok());
            REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
        }
        std::string bytes = test::readFile(dir.file("c.siphon"));
        REQUIRE(bytes.size() > 100);
        for (size_t i = 0; i < 16; ++i) bytes[i] = 'Z';
        test::writeFile(dir.file("c.siphon"), bytes);
        auto db = openCase(dir.file("c.siphon"), CaseAccess::Write);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::Schema);
    }
    SECTION("a missing case when not creating") {
        auto db = openCase(dir.file("missing.siphon"), CaseAccess::Read);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::Io);
    }
}

TEST_CASE("a read-only case cannot be opened for writing but can be read", "[store]") {
    test::TempDir dir;
    const auto path = dir.file("ro.siphon");
    {
        auto db = openCase(path, CaseAccess::CreateWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    ::chmod(path.c_str(), 0444);
    auto w = openCase(path, CaseAccess::Write);
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().code == ErrorCode::ReadOnly);
    auto r = openCase(path, CaseAccess::Read);
    REQUIRE(r.ok());
    CHECK(*r->queryInt("SELECT count(*) FROM request") == 0);
}

TEST_CASE("a case held by another writer reports it is locked", "[store]") {
    test::TempDir dir;
    const auto path = dir.file("locked.siphon");
    auto holder = openCase(path, CaseAccess::CreateWrite);
    REQUIRE(holder.ok());
    REQUIRE(holder->exec("BEGIN EXCLUSIVE").ok());
    auto second = openCase(path, CaseAccess::Write, 200);
    if (second.ok()) {
        // WAL lets the open succeed; the first write must then fail as locked, not hang or corrupt.
        Status s = second->exec("INSERT INTO meta(key, value) VALUES('x', 'y')");
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::Locked);
    } else {
        CHECK(second.error().code == ErrorCode::Locked);
    }
    REQUIRE(holder->exec("COMMIT").ok());
}
