// bulk-tag: one audited action over the requests view's filter; the case still verifies, and a
// bundle exported after it verifies.
#include "evidence_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

TEST_CASE("bulk-tag tags the filtered requests in one audit entry, and the export verifies", "[cli][bulk-tag]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    auto r = test::runCli({"bulk-tag", c, "--entity", "evil-1", "--from", "2026-01-05T00:00:00Z", "--to",
                           "2026-01-06T00:00:00Z", "--search", "step", "--label", "suspected", "--note", "day one",
                           "--by", "Ann", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    const QJsonArray tags = o.value(QStringLiteral("tags")).toArray();
    auto db = store::openCase(c, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto expected =
        db->queryInt("SELECT count(*) FROM request WHERE org_id = 'evil-1' AND ts_start_us >= 1767571200000000"
                     " AND ts_start_us < 1767657600000000 AND prompt_text LIKE '%step%'");
    REQUIRE(expected.ok());
    REQUIRE(*expected > 0);
    CHECK(tags.size() == *expected);
    auto entries = db->queryInt("SELECT count(*) FROM audit_log WHERE action = 'bulk-tag'");
    CHECK(entries.value() == 1);

    CHECK(test::runCli({"audit", c, "--verify"}).exitCode == 0);
    CHECK(test::runCli(
              {"bulk-tag", c, "--entity", "evil-1", "--search", "zzzznotaword", "--label", "suspected", "--by", "Ann"})
              .exitCode == 2);
    CHECK(test::runCli({"bulk-tag", c, "--entity", "evil-1", "--label", "suspected"}).exitCode == 2); // no --by
    auto bundle = test::runCli({"export", c, "--out", dir.file("b.zip"), "--examiner", "Ann"});
    REQUIRE(bundle.exitCode == 0);
    auto verify = test::runCli({"verify", dir.file("b.zip")});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
}
