// export --review-case, info on the review case, the reviewer's tags, merge-review (twice, and with
// a conflict), then audit --verify on both cases and an export of the master that verifies.
#include "evidence_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

namespace {

QJsonObject jsonOf(const test::RunResult& r) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
}

} // namespace

TEST_CASE("review case: cut, review, merge back, verify", "[cli][review]") {
    test::TempDir dir;
    const std::string master = dir.file("m.siphon"), review = dir.file("r.siphon");
    test::buildTaggedCase(master);
    auto cut = test::runCli({"export", master, "--review-case", review, "--examiner", "Ann"});
    REQUIRE(cut.exitCode == 0);
    CHECK(cut.out.find("wrote review case") != std::string::npos);
    // Never over an existing file.
    CHECK(test::runCli({"export", master, "--review-case", review, "--examiner", "Ann"}).exitCode == 2);

    auto info = test::runCli({"info", review, "--json"});
    REQUIRE(info.exitCode == 0);
    const QJsonObject rc = jsonOf(info).value(QStringLiteral("review_case")).toObject();
    CHECK(rc.value(QStringLiteral("verified")).toBool());
    CHECK(rc.value(QStringLiteral("master")).toString() == QStringLiteral("m.siphon"));
    CHECK(rc.value(QStringLiteral("records")).toInt() > 0);
    CHECK(test::runCli({"info", review}).out.find("hashes verified") != std::string::npos);

    // Evidence is frozen; tags and notes are the reviewer's.
    auto imp = test::runCli({"import", review, test::fixture("generic_jsonl/events.jsonl")});
    CHECK(imp.exitCode == 1);
    CHECK(imp.err.find("review case") != std::string::npos);
    CHECK(test::runCli({"analyze", review}).exitCode == 1);
    REQUIRE(test::runCli({"tag", review, "--entity", "evil-2", "--label", "confirmed extraction", "--note", "agree",
                          "--by", "Rita Reviewer"})
                .exitCode == 0);
    REQUIRE(test::runCli({"untag", review, "--tag", "2", "--by", "Rita Reviewer", "--note", "not this key"}).exitCode ==
            0);
    REQUIRE(test::runCli({"untag", review, "--tag", "4", "--by", "Rita Reviewer"}).exitCode == 0);
    // Meanwhile the master removes tag 4 (the range) itself: the reviewer's removal of it is a conflict.
    REQUIRE(test::runCli({"untag", master, "--tag", "4", "--by", "Bob", "--note", "range was wrong"}).exitCode == 0);

    auto merged = test::runCli({"merge-review", master, review, "--by", "Ann", "--json"});
    INFO(merged.out << merged.err);
    REQUIRE(merged.exitCode == 3);
    const QJsonObject m = jsonOf(merged);
    CHECK(m.value(QStringLiteral("merged")).toInt() == 2);
    const QJsonArray conflicts = m.value(QStringLiteral("conflicts")).toArray();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].toObject().value(QStringLiteral("tag_id")).toInt() == 4);
    CHECK(conflicts[0].toObject().value(QStringLiteral("action")).toString() == QStringLiteral("untag"));
    auto text = test::runCli({"merge-review", master, review, "--by", "Ann"});
    CHECK(text.exitCode == 3);
    CHECK(text.out.find("CONFLICT  review seq") != std::string::npos);
    CHECK(text.out.find("0 merged, 2 already merged, 1 conflicts") != std::string::npos);

    auto tags = test::runCli({"tags", master, "--format", "json"});
    REQUIRE(tags.exitCode == 0);
    CHECK(tags.out.find("Rita Reviewer") != std::string::npos);
    for (const auto& c : {master, review}) {
        auto audit = test::runCli({"audit", c, "--verify"});
        INFO(c << "\n" << audit.out << audit.err);
        CHECK(audit.exitCode == 0);
    }
    auto log = test::runCli({"audit", master});
    CHECK(log.out.find("merge-review") != std::string::npos);
    auto bundle = test::runCli({"export", master, "--out", dir.file("b.zip"), "--examiner", "Ann"});
    REQUIRE(bundle.exitCode == 0);
    auto verify = test::runCli({"verify", dir.file("b.zip")});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
}

TEST_CASE("merge-review refuses a review case of another master", "[cli][review]") {
    test::TempDir dir;
    test::buildTaggedCase(dir.file("a.siphon"));
    test::buildTaggedCase(dir.file("b.siphon"));
    REQUIRE(test::runCli({"export", dir.file("b.siphon"), "--review-case", dir.file("r.siphon"), "--examiner", "Ann"})
                .exitCode == 0);
    auto merged = test::runCli({"merge-review", dir.file("a.siphon"), dir.file("r.siphon"), "--by", "Ann"});
    CHECK(merged.exitCode == 1);
    CHECK(merged.err.find("not cut from this master") != std::string::npos);
    CHECK(test::runCli({"merge-review", dir.file("a.siphon"), dir.file("b.siphon"), "--by", "Ann"}).exitCode == 2);
    CHECK(test::runCli({"merge-review", dir.file("a.siphon"), dir.file("r.siphon")}).exitCode == 2);
}
