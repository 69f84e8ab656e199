// Issue #9 (tracker 13), High 3: deleted history must not verify. With the no-delete trigger
// dropped, deleting all or the newest audit rows leaves a chain that is intact link by link; it
// is caught by the records that lack their entries (sources, tags, analysis runs) and by the
// anchor sidecar (CASE.chain) that records the chain's length and head. Without the sidecar,
// `audit --verify` says so, and a head hash kept elsewhere (--expect-head) still catches it, in
// the case and in a later bundle.
#include "integrity_cli_util.h"

#include <fstream>

using namespace siphon;

namespace {

const char* kDropTrigger = "DROP TRIGGER audit_log_no_delete;";

std::string anchorHead(const std::string& casePath) {
    std::ifstream in(casePath + ".chain");
    std::string magic, k1, k2, head;
    long long n = 0;
    REQUIRE(std::getline(in, magic));
    REQUIRE((in >> k1 >> n >> k2 >> head));
    REQUIRE(head.size() == 64);
    return head;
}

void expectRefusedExport(const std::string& c, const std::string& out) {
    auto e = test::runCli({"export", c, "--out", out});
    INFO(e.err);
    CHECK(e.exitCode == 1);
    CHECK_THAT(e.err, Catch::Contains("export refused"));
    CHECK_FALSE(std::filesystem::exists(out));
}

} // namespace

TEST_CASE("cli: deleting every audit row is detected", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(std::filesystem::exists(c + ".chain"));
    test::tamper(c, std::string(kDropTrigger) + "DELETE FROM audit_log;");
    auto v = test::runCli({"audit", c, "--verify"});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("audit entries were deleted"));
    CHECK_THAT(v.err, Catch::Contains("has no import audit entry"));
    CHECK_THAT(v.err, Catch::Contains("has 0 tag audit entries"));
    CHECK_THAT(v.err, Catch::Contains("analysis run 1 (account) has no analyze audit entry"));
    CHECK_THAT(v.out, !Catch::Contains("audit chain OK"));
    expectRefusedExport(c, dir.file("b.zip"));
    // Even with the sidecar gone, the records without entries give it away.
    std::filesystem::remove(c + ".chain");
    CHECK(test::runCli({"audit", c, "--verify"}).exitCode == 1);
}

TEST_CASE("cli: deleting the newest audit rows is detected", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    test::tamper(c, std::string(kDropTrigger) + "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log);");
    auto v = test::runCli({"audit", c, "--verify"});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("audit entries were deleted"));
    CHECK_THAT(v.err, Catch::Contains("tag 4 (benign — explained) has 0 tag audit entries"));
    expectRefusedExport(c, dir.file("b.zip"));
}

TEST_CASE("cli: a deleted export entry is caught by the anchor, and by a head kept elsewhere",
          "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runCli({"export", c, "--out", dir.file("b1.zip")}).exitCode == 0);
    const std::string head = anchorHead(c);   // after b1's export entry: what an examiner e-mails
    {
        auto ok = test::runCli({"audit", c, "--verify"});
        INFO(ok.out << ok.err);
        REQUIRE(ok.exitCode == 0);
        CHECK_THAT(ok.out, Catch::Contains("chain matches the anchor"));
        CHECK_THAT(ok.out, Catch::Contains(head));
    }
    // Only the export entry goes: every tag, source and run still has its entry.
    test::tamper(c, std::string(kDropTrigger) + "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);");
    auto v = test::runCli({"audit", c, "--verify"});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("audit entries were deleted"));

    // The forger also deletes the sidecar: the case now says it has no anchor...
    std::filesystem::remove(c + ".chain");
    auto noAnchor = test::runCli({"audit", c, "--verify"});
    INFO(noAnchor.out << noAnchor.err);
    CHECK(noAnchor.exitCode == 0);
    CHECK_THAT(noAnchor.out, Catch::Contains("no audit anchor"));
    // ...and the head kept outside the case catches it, in the case and in any later bundle.
    auto expected = test::runCli({"audit", c, "--verify", "--expect-head", head});
    CHECK(expected.exitCode == 1);
    CHECK_THAT(expected.err, Catch::Contains("does not contain the expected head"));
    REQUIRE(test::runCli({"export", c, "--out", dir.file("b2.zip")}).exitCode == 0);
    auto later = test::runCli({"verify", dir.file("b2.zip"), "--expect-head", head});
    INFO(later.out << later.err);
    CHECK(later.exitCode == 1);
    CHECK_THAT(later.err, Catch::Contains("does not contain the expected head"));
    // The earlier bundle states its own head and length, and verify reports them.
    auto first = test::runCli({"verify", dir.file("b1.zip")});
    CHECK(first.exitCode == 0);
    CHECK_THAT(first.out, Catch::Contains("entries intact, head "));
}
