// Issue #9 (tracker 13), High 2: tags are bound to the audit chain. A tag row (label, author,
// note, target, removal, notes) or a label edited with the SQLite C API, as with the sqlite3 shell,
// must make `audit --verify` fail naming the tag, and `export` refuse without writing a bundle:
// an export must never state what the chain does not. Both directions: a row without its entry,
// an entry without its row.
#include "integrity_cli_util.h"

using namespace siphon;

namespace {

struct Tampering {
    const char* what;
    const char* sql;
    const char* expected;   // in `audit --verify`'s stderr
};

const Tampering kTamperings[] = {
    {"label", "UPDATE tag SET label_id = (SELECT id FROM label WHERE name = 'benign — explained') WHERE id = 1",
     "tag 1 differs from audit entry"},
    {"author", "UPDATE tag SET author = 'Mallory' WHERE id = 1", "author 'Mallory' vs 'Ann Examiner'"},
    {"note", "UPDATE tag SET note = 'nothing to see' WHERE id = 1", "tag 1 differs from audit entry"},
    {"target", "UPDATE tag SET entity = 'acme' WHERE id = 1", ": target"},
    {"time", "UPDATE tag SET created_at_us = created_at_us - 86400000000 WHERE id = 3", "creation time"},
    {"row deleted", "DELETE FROM tag WHERE id = 2", "names tag 2, which the case does not have"},
    {"row without entry",
     "INSERT INTO tag (target_kind, level, entity, label_id, author, created_at_us)"
     " VALUES ('entity', 0, 'acme', 1, 'Mallory', 1767225600000000)",
     "tag 5 (confirmed extraction) has 0 tag audit entries"},
    {"removal faked",
     "UPDATE tag SET removed_at_us = 1767225600000000, removed_by = 'Mallory', removed_note = 'dup' WHERE id = 1",
     "tag 1 is marked removed, but the audit log has 0 untag entries"},
    {"note without entry", "INSERT INTO tag_note (tag_id, note, author, created_at_us) VALUES (1, 'x', 'Mallory', 1)",
     "tag 1's notes (1) differ from its note audit entries (0)"},
    {"label description", "UPDATE label SET description = 'Reviewed: benign.' WHERE name = 'confirmed extraction'",
     "is not one of the built-in labels"},
};

} // namespace

TEST_CASE("cli: a tag edited behind the app's back fails audit --verify and export refuses",
          "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string original = dir.file("c.siphon");
    test::buildTaggedCase(original);
    {
        auto ok = test::runCli({"audit", original, "--verify"});
        INFO(ok.out << ok.err);
        REQUIRE(ok.exitCode == 0);
        CHECK_THAT(ok.out, Catch::Contains("tags: 4 rows match their audit entries"));
    }
    int n = 0;
    for (const Tampering& t : kTamperings) {
        const std::string c = dir.file("t" + std::to_string(++n) + ".siphon");
        test::copyCase(original, c);
        test::tamper(c, t.sql);
        auto v = test::runCli({"audit", c, "--verify"});
        INFO(t.what << "\n" << v.out << v.err);
        CHECK(v.exitCode == 1);
        CHECK_THAT(v.err, Catch::Contains(t.expected));
        CHECK_THAT(v.err, Catch::Contains("audit verification failed"));

        const std::string out = dir.file("t" + std::to_string(n) + ".zip");
        auto e = test::runCli({"export", c, "--out", out});
        INFO(e.out << e.err);
        CHECK(e.exitCode == 1);
        CHECK_THAT(e.err, Catch::Contains("export refused"));
        CHECK_THAT(e.err, Catch::Contains(t.expected));
        CHECK_FALSE(std::filesystem::exists(out));
        CHECK_FALSE(std::filesystem::exists(out + ".partial"));
    }
}

TEST_CASE("cli: an untag undone behind the app's back is caught", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runCli({"untag", c, "--tag", "2", "--by", "Bob", "--note", "duplicate"}).exitCode == 0);
    REQUIRE(test::runCli({"audit", c, "--verify"}).exitCode == 0);
    test::tamper(c, "UPDATE tag SET removed_at_us = NULL, removed_by = NULL, removed_note = NULL WHERE id = 2");
    auto v = test::runCli({"audit", c, "--verify"});
    INFO(v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("tag 2 is active, but audit entry seq"));
}
