#include "evidence_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

TEST_CASE("cli: tag, tags, untag, audit", "[cli][evidence]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);

    auto json = test::runCli({"tags", c, "--format", "json"});
    REQUIRE(json.exitCode == 0);
    const QJsonArray tags = QJsonDocument::fromJson(QByteArray::fromStdString(json.out)).array();
    REQUIRE(tags.size() == 4);
    CHECK(tags[0].toObject().value("label").toString() == "confirmed extraction");
    CHECK(tags[1].toObject().value("level").toString() == "key");
    CHECK(tags[2].toObject().value("kind").toString() == "cluster");
    CHECK(tags[3].toObject().value("from").toString().startsWith("2026-01-05T00:00:00"));

    // Bad usage: unknown label, two targets, missing --by, bad time.
    CHECK(test::runCli({"tag", c, "--entity", "evil-1", "--label", "nope", "--by", "a"}).exitCode == 2);
    CHECK(test::runCli({"tag", c, "--entity", "evil-1", "--cluster", "1", "--label", "suspected", "--by", "a"}).exitCode == 2);
    CHECK(test::runCli({"tag", c, "--entity", "evil-1", "--label", "suspected"}).exitCode == 2);
    CHECK(test::runCli({"tag", c, "--range", "acme", "yesterday", "today", "--label", "suspected", "--by", "a"}).exitCode == 2);

    REQUIRE(test::runCli({"untag", c, "--tag", "2", "--by", "Bob"}).exitCode == 0);
    auto csv = test::runCli({"tags", c, "--format", "csv"});
    REQUIRE(csv.exitCode == 0);
    CHECK_THAT(csv.out, Catch::StartsWith("id,kind,level,entity"));
    CHECK_THAT(csv.out, Catch::Contains("2,entity,key,key-e2"));

    auto audit = test::runCli({"audit", c});
    REQUIRE(audit.exitCode == 0);
    CHECK_THAT(audit.out, Catch::Contains("untag"));
    auto verify = test::runCli({"audit", c, "--verify"});
    CHECK(verify.exitCode == 0);
    CHECK_THAT(verify.out, Catch::Contains("audit chain OK"));
}

TEST_CASE("cli: audit --verify names the entry edited behind the app's back", "[cli][evidence]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    auto before = test::runCli({"audit", c, "--json"});
    const QJsonArray entries = QJsonDocument::fromJson(QByteArray::fromStdString(before.out)).array();
    REQUIRE(entries.size() >= 3);
    const int target = entries[entries.size() - 2].toObject().value("seq").toInt();
    {
        auto raw = store::Database::open(c, store::OpenMode::ReadWrite);
        REQUIRE(raw.ok());
        auto st = raw->prepare("UPDATE audit_log SET author = 'Mallory' WHERE seq = ?");
        REQUIRE(st.ok());
        st->bind(1, target);
        CHECK_FALSE(st->run().ok());   // the trigger refuses
        REQUIRE(raw->exec("DROP TRIGGER audit_log_no_update").ok());
        st->reset();
        st->bind(1, target);
        REQUIRE(st->run().ok());
        REQUIRE(raw->exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
                          " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END;")
                    .ok());
    }
    auto verify = test::runCli({"audit", c, "--verify"});
    CHECK(verify.exitCode == 1);
    CHECK_THAT(verify.err, Catch::Contains("seq " + std::to_string(target)));
}
