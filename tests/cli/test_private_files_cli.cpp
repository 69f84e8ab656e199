// Issue #13 (tracker 17), item 5: a new case, its WAL and shared-memory files, its audit anchor
// and an exported bundle are readable by their owner only (0600), whatever the umask allows (a
// stricter umask still applies: the mode is 0600 minus the umask). `info` warns when a case can be read by others.
#include "integrity_cli_util.h"

#include <sys/stat.h>

using namespace siphon;

namespace {

unsigned modeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// Runs `body` with the process umask set to `mask` (children inherit it), then restores it.
template <typename F> void withUmask(mode_t mask, F body) {
    const mode_t old = ::umask(mask);
    body();
    ::umask(old);
}

} // namespace

TEST_CASE("cli: a new case, its WAL, its anchor and its bundle are owner-only under a permissive umask",
          "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), bundle = dir.file("b.zip");
    withUmask(0022, [&] {
        REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv")}).exitCode == 0);
        REQUIRE(test::runCli({"tag", c, "--entity", "evil-1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
        // Open the case for writing from here so its -wal and -shm exist while we look at them.
        auto db = store::openCase(c, store::CaseAccess::Write);
        REQUIRE(db.ok());
        REQUIRE(db->exec("BEGIN IMMEDIATE; CREATE TEMP TABLE t(x); COMMIT").ok());
        for (const char* side : {"-wal", "-shm"}) {
            INFO(side);
            REQUIRE(std::filesystem::exists(c + side));
            CHECK(modeOf(c + side) == 0600);
        }
        REQUIRE(test::runCli({"export", c, "--out", bundle}).exitCode == 0);
    });
    CHECK(modeOf(c) == 0600);
    CHECK(modeOf(c + ".chain") == 0600);
    CHECK(modeOf(bundle) == 0600);
    auto info = test::runCli({"info", c});
    CHECK(info.exitCode == 0);
    CHECK_THAT(info.err, !Catch::Contains("warning"));
}

TEST_CASE("cli: a case made under umask 000 is still owner-only", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    withUmask(0, [&] { REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv")}).exitCode == 0); });
    CHECK(modeOf(c) == 0600);
    CHECK(modeOf(c + ".chain") == 0600);
}

TEST_CASE("cli: info warns when others can read the case, and says how to fix it", "[cli][evidence][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv")}).exitCode == 0);
    REQUIRE(::chmod(c.c_str(), 0644) == 0);
    auto info = test::runCli({"info", c});
    CHECK(info.exitCode == 0);
    CHECK_THAT(info.err, Catch::Contains("warning: the case file is readable by its group and others (mode 0644)"));
    CHECK_THAT(info.err, Catch::Contains("chmod 600"));
}
