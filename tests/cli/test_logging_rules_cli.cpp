// QT_LOGGING_RULES turns on the CLI's import, analysis and export detail (CONTRIBUTING.md,
// "Logging"); without it stderr carries none of it.
#include "scoped_env.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

using namespace siphon;
using test::runCli;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("cli: QT_LOGGING_RULES shows each import file, analysis phase and export step", "[cli][log]") {
    test::TempDir dir;
    const std::string gen = dir.file("gen"), c = dir.file("case.siphon");
    REQUIRE(runCli({"generate", "--out", gen, "--seed", "7", "--accounts", "20", "--days", "2", "--format",
                    "generic_jsonl", "--quiet"})
                .exitCode == 0);
    SECTION("rules on") {
        test::ScopedEnv rules("QT_LOGGING_RULES", "siphon.*.debug=true");
        test::ScopedEnv pattern("QT_MESSAGE_PATTERN", "%{category}: %{message}");
        const auto imp = runCli({"import", c, gen + "/logs/generic_jsonl", "--quiet"});
        INFO(imp.err);
        REQUIRE(imp.exitCode == 0);
        CHECK(has(imp.err, "siphon.import: import: file 1/"));
        CHECK(has(imp.err, " began"));
        CHECK(has(imp.err, " ended, "));
        const auto an = runCli({"analyze", c, "--by", "tester", "--quiet"});
        INFO(an.err);
        REQUIRE(an.exitCode == 0);
        CHECK(has(an.err, "siphon.analysis: analyze account: scoring began"));
        CHECK(has(an.err, "siphon.analysis: analyze account: writing ended, "));
        CHECK(has(an.err, "siphon.evidence: audit entry "));
        const auto ex = runCli({"export", c, "--out", dir.file("b.zip"), "--examiner", "Ann"});
        INFO(ex.err);
        REQUIRE(ex.exitCode == 0);
        CHECK(has(ex.err, "siphon.evidence: export " + dir.file("b.zip") + ": record files began"));
        CHECK(has(ex.err, "siphon.evidence: export " + dir.file("b.zip") + ": hashing the bundle ended, "));
    }
    SECTION("rules off") {
        test::ScopedEnv rules("QT_LOGGING_RULES", nullptr);
        const auto imp = runCli({"import", c, gen + "/logs/generic_jsonl", "--quiet"});
        REQUIRE(imp.exitCode == 0);
        const auto an = runCli({"analyze", c, "--by", "tester", "--quiet"});
        REQUIRE(an.exitCode == 0);
        CHECK_FALSE(has(imp.err + an.err, "siphon."));
    }
}
