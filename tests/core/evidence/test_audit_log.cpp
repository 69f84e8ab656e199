#include "evidence/audit_log.h"
#include "evidence/canonical_json.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonObject>

using namespace siphon;

namespace {

store::Database freshCase(const test::TempDir& dir) {
    auto db = store::openCase(dir.file("a.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    return std::move(*db);
}

} // namespace

TEST_CASE("audit entries chain: seq, prev_hash, canonical payload", "[evidence][audit]") {
    test::TempDir dir;
    auto db = freshCase(dir);
    auto a = evidence::appendAudit(db, "ann", "import", std::string(R"({"z": 1, "a": "x"})"));
    REQUIRE(a.ok());
    CHECK(a->seq == 1);
    CHECK(a->prevHash == evidence::kGenesisHash);
    CHECK(a->payload == R"({"a":"x","z":1})");
    auto b = evidence::appendAudit(db, "bob", "tag", QJsonObject{{QStringLiteral("k"), 2}});
    REQUIRE(b.ok());
    CHECK(b->seq == 2);
    CHECK(b->prevHash == a->hash);
    CHECK(b->hash == evidence::auditEntryHash(2, b->tsUs, "bob", "tag", b->payload, a->hash));
    auto check = evidence::verifyAuditChain(db);
    REQUIRE(check.ok());
    CHECK(check->ok);
    CHECK(check->entries == 2);
    // Not an object / no author: refused.
    CHECK_FALSE(evidence::appendAudit(db, "ann", "x", std::string("[1,2]")).ok());
    CHECK_FALSE(evidence::appendAudit(db, "", "x", std::string("{}")).ok());
}

TEST_CASE("the hash covers every field, unambiguously", "[evidence][audit]") {
    const std::string p = "{}";
    const auto h = evidence::auditEntryHash(1, 5, "ab", "c", p, evidence::kGenesisHash);
    CHECK(h != evidence::auditEntryHash(1, 5, "a", "bc", p, evidence::kGenesisHash));   // field boundary moved
    CHECK(h != evidence::auditEntryHash(1, 6, "ab", "c", p, evidence::kGenesisHash));
    CHECK(h != evidence::auditEntryHash(2, 5, "ab", "c", p, evidence::kGenesisHash));
    CHECK(h.size() == 64);
}

TEST_CASE("triggers refuse UPDATE and DELETE on audit_log", "[evidence][audit]") {
    test::TempDir dir;
    auto db = freshCase(dir);
    REQUIRE(evidence::appendAudit(db, "ann", "tag", std::string("{}")).ok());
    CHECK_FALSE(db.exec("UPDATE audit_log SET author = 'mallory'").ok());
    CHECK_FALSE(db.exec("DELETE FROM audit_log").ok());
    CHECK(db.queryInt("SELECT count(*) FROM audit_log WHERE author = 'ann'").value() == 1);
}

TEST_CASE("an entry edited behind the app's back is named by verify", "[evidence][audit]") {
    test::TempDir dir;
    {
        auto db = freshCase(dir);
        for (int i = 0; i < 4; ++i)
            REQUIRE(evidence::appendAudit(db, "ann", "tag", QJsonObject{{QStringLiteral("i"), i}}).ok());
    }
    {
        // Raw SQLite, as an attacker with file access would: drop the trigger, edit, restore it.
        auto raw = store::Database::open(dir.file("a.siphon"), store::OpenMode::ReadWrite);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("DROP TRIGGER audit_log_no_update;"
                          "UPDATE audit_log SET payload = '{\"i\":99}' WHERE seq = 3;"
                          "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
                          " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;")
                    .ok());
    }
    auto db = store::openCase(dir.file("a.siphon"), store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto check = evidence::verifyAuditChain(*db);
    REQUIRE(check.ok());
    CHECK_FALSE(check->ok);
    CHECK(check->firstBrokenSeq == 3);
    CHECK_THAT(check->problem, Catch::Contains("seq 3"));
}

TEST_CASE("a deleted entry breaks the chain at the next one", "[evidence][audit]") {
    test::TempDir dir;
    auto db = freshCase(dir);
    for (int i = 0; i < 3; ++i) REQUIRE(evidence::appendAudit(db, "ann", "tag", std::string("{}")).ok());
    auto entries = evidence::loadAudit(db);
    REQUIRE(entries.ok());
    entries->erase(entries->begin() + 1);
    const auto c = evidence::verifyAuditChain(*entries);
    CHECK_FALSE(c.ok);
    CHECK(c.firstBrokenSeq == 3);
}

TEST_CASE("audit entries round-trip through their JSON line", "[evidence][audit]") {
    test::TempDir dir;
    auto db = freshCase(dir);
    auto e = evidence::appendAudit(db, "ann \"quoted\"", "note", std::string(R"({"text":"ünï <b> \u202e","n":1.5})"));
    REQUIRE(e.ok());
    auto back = evidence::auditEntryFromJson(evidence::auditEntryToJson(*e));
    REQUIRE(back.ok());
    CHECK(back->payload == e->payload);
    CHECK(back->hash == e->hash);
    CHECK(evidence::verifyAuditChain(std::vector<evidence::AuditEntry>{*back}).ok);
}
