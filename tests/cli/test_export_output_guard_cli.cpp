// Issue #9 (tracker 13), High 4: `export --out` must never overwrite what it exports from: the
// case (by any name: relative, symlink, hard link), its -wal/-shm/-journal, its audit anchor, or a
// source file; nor through its ".partial" working file. The case must come out byte-identical.
// Also: a failed export leaves no partial file and says why.
#include "integrity_cli_util.h"

#include <unistd.h>

using namespace siphon;

TEST_CASE("cli: export refuses to write over the case, its side files or its sources", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    const std::string src = dir.file("traffic.csv");
    std::filesystem::copy_file(test::fixture("evidence/traffic.csv"), src);
    REQUIRE(test::runCli({"import", c, src}).exitCode == 0);
    REQUIRE(test::runCli({"tag", c, "--entity", "evil-1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    std::filesystem::create_symlink(c, dir.file("link.zip"));
    REQUIRE(::link(c.c_str(), dir.file("hard.zip").c_str()) == 0);
    const std::string caseHash = test::fileSha256(c), srcHash = test::fileSha256(src);

    const std::vector<std::pair<std::string, std::string>> outs = {
        {c, "the case file"},
        {dir.path() + "/./c.siphon", "the case file"},
        {dir.file("link.zip"), "the case file"},
        {dir.file("hard.zip"), "the case file"},
        {c + "-wal", "write-ahead log"},
        {c + "-shm", "shared-memory file"},
        {c + "-journal", "journal"},
        {c + ".chain", "audit anchor"},
        {src, "source file"},
    };
    for (const auto& [out, what] : outs) {
        auto e = test::runCli({"export", c, "--out", out});
        INFO(out << ": " << e.err);
        CHECK(e.exitCode == 2);
        CHECK_THAT(e.err, Catch::Contains("refusing to export to"));
        CHECK_THAT(e.err, Catch::Contains(what));
    }
    // Relative to the working directory, as typed.
    auto rel = test::runTool(test::cliPath(), {"export", "c.siphon", "--out", "c.siphon"}, dir.path());
    CHECK(rel.exitCode == 2);
    CHECK(test::fileSha256(c) == caseHash);
    CHECK(test::fileSha256(src) == srcHash);
    CHECK_FALSE(std::filesystem::exists(c + ".partial"));
    CHECK(test::runCli({"audit", c, "--verify"}).exitCode == 0);
    // A real output next to it still works.
    CHECK(test::runCli({"export", c, "--out", dir.file("b.zip")}).exitCode == 0);
}

TEST_CASE("cli: export refuses an output whose working file would be the case", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("b.zip.partial");
    REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv")}).exitCode == 0);
    const std::string before = test::fileSha256(c);
    auto e = test::runCli({"export", c, "--out", dir.file("b.zip")});
    INFO(e.err);
    CHECK(e.exitCode == 2);
    CHECK_THAT(e.err, Catch::Contains("the case file"));
    CHECK(test::fileSha256(c) == before);
}

TEST_CASE("cli: a failed export leaves no partial file and says why", "[cli][evidence][integrity]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("sh");
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runCli({"export", c, "--out", dir.file("full.zip")}).exitCode == 0);
    const auto fullSize = std::filesystem::file_size(dir.file("full.zip"));
    // The file-size limit stops the ZIP half way (SIGXFSZ ignored, so the write fails with EFBIG).
    const std::string limitKb = std::to_string(fullSize / 2048 + 64);
    auto e = test::runTool("sh", {"-c", "trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\"", "sh", limitKb, test::cliPath(),
                                  "export", c, "--out", dir.file("cut.zip")});
    INFO(e.out << e.err);
    CHECK(e.exitCode == 1);
    CHECK_THAT(e.err, Catch::Contains("file too large"));
    CHECK_FALSE(std::filesystem::exists(dir.file("cut.zip")));
    CHECK_FALSE(std::filesystem::exists(dir.file("cut.zip.partial")));
}
