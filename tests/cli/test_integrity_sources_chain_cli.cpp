// Issue #9 (tracker 13), sweep of "a state the audit chain does not cover": a source's complete
// flag and the folder walk's skipped paths were in the case but unchecked against the chain. Set a
// partly read source to complete, or delete the record of a skipped path, with the sqlite3 shell,
// and `audit --verify` passed and the export called the inputs whole. Now both fail the check, and
// export refuses without writing.
#include "ingest_cli_util.h"
#include "integrity_cli_util.h"

#include <QJsonArray>

#include <filesystem>

using namespace siphon;

namespace {

std::string records(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"acct-" + std::to_string(i % 7) +
               "\",\"request_id\":\"r" + std::to_string(i) + "\",\"input_tokens\":3,\"output_tokens\":2}\n";
    return out;
}

// audit --verify fails naming `expected`, and export refuses and leaves nothing behind.
void checkRefused(test::TempDir& dir, const std::string& c, const std::string& expected) {
    auto v = test::runCli({"audit", c, "--verify"});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains(expected));
    const std::string out = dir.file("refused.zip");
    auto e = test::runCli({"export", c, "--out", out});
    INFO(e.out << e.err);
    CHECK(e.exitCode == 1);
    CHECK_THAT(e.err, Catch::Contains("export refused"));
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK_FALSE(std::filesystem::exists(out + ".partial"));
}

} // namespace

TEST_CASE("cli: a partly read source set to complete behind the app's back is caught", "[cli][evidence][integrity]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("gzip");
    test::TempDir dir;
    const std::string log = dir.file("big.jsonl");
    test::writeFile(log, records(4000));
    REQUIRE(test::runTool("gzip", {"-9", log}).exitCode == 0);
    std::filesystem::resize_file(log + ".gz", std::filesystem::file_size(log + ".gz") / 2);   // damaged
    const std::string c = dir.file("c.siphon");
    auto imp = test::runCli({"import", c, log + ".gz"});
    INFO(imp.out << imp.err);
    const auto sources = test::ingest_cli::infoJson(c)["sources"].toArray();
    REQUIRE(sources.size() == 1);
    REQUIRE_FALSE(sources[0].toObject()["complete"].toBool());
    REQUIRE(sources[0].toObject()["records"].toInt() > 0);
    REQUIRE(test::runCli({"tag", c, "--entity", "acct-1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    REQUIRE(test::runCli({"audit", c, "--verify"}).exitCode == 0);

    test::tamper(c, "UPDATE source_file SET complete = 1");
    checkRefused(dir, c, "is marked complete, but no import audit entry of its SHA-256 records a complete import");
}

TEST_CASE("cli: a skipped path deleted or added behind the app's back is caught", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string logs = dir.file("logs");
    std::filesystem::create_directories(logs);
    test::writeFile(logs + "/a.jsonl", records(20));
    std::filesystem::create_symlink(dir.file("nowhere.jsonl"), logs + "/broken.jsonl");
    const std::string original = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", original, logs}).exitCode == 0);
    REQUIRE(test::runCli({"tag", original, "--entity", "acct-1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    auto ok = test::runCli({"audit", original, "--verify"});
    INFO(ok.out << ok.err);
    REQUIRE(ok.exitCode == 0);
    CHECK_THAT(ok.out, Catch::Contains("skipped paths: 1 match their import-skipped entries"));

    SECTION("deleted") {
        const std::string c = dir.file("deleted.siphon");
        test::copyCase(original, c);
        test::tamper(c, "DELETE FROM skipped_input");
        checkRefused(dir, c, "broken.jsonl (broken symbolic link: not read), which the case no longer lists");
    }
    SECTION("added") {
        const std::string c = dir.file("added.siphon");
        test::copyCase(original, c);
        test::tamper(c, "INSERT INTO skipped_input(path, reason, skipped_at_us, author)"
                        " VALUES('/evidence/extra.jsonl', 'a FIFO', 1, 'Mallory')");
        checkRefused(dir, c, "skipped path /evidence/extra.jsonl has no import-skipped audit entry");
    }
}
