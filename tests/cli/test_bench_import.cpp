// bench-import at a tiny size: every shape it documents runs against sqlite3 and reports the
// requests the case holds afterwards (the second import adds 3 days to the folder's case), and its
// flags are the ones its usage line names.
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace siphon;

namespace {

// "<shape> ... <N> requests, <D> duplicates" from the summary table.
int64_t requestsAfter(const std::string& out, const std::string& shape) {
    const std::regex line("\\n" + shape + " +[0-9.]+ +[0-9.]+x +[0-9]+ +([0-9]+) requests, 0 duplicates");
    std::smatch m;
    if (!std::regex_search(out, m, line)) return -1;
    return std::stoll(m[1].str());
}

} // namespace

TEST_CASE("bench-import runs the narrow, folder and second-import shapes against sqlite3", "[cli][bench]") {
    test::TempDir dir;
    const auto r = test::runCli({"bench-import", "--requests", "600", "--shapes", "narrow,second", "--dir",
                                 dir.file("bench")});
    INFO(r.out);
    REQUIRE(r.exitCode == 0);
    CHECK(requestsAfter(r.out, "narrow") == 600);
    CHECK(requestsAfter(r.out, "folder") == 600);   // --shapes second implies the folder
    CHECK(requestsAfter(r.out, "second") == 660);   // 3 more days of 20 rows
    CHECK(r.out.find("ratio = siphon rows/s over sqlite3") != std::string::npos);
}

TEST_CASE("bench-import's usage names its flags, and an unknown shape is a usage error", "[cli][bench]") {
    const auto help = test::runCli({"bench-import", "--help"});
    CHECK(help.exitCode == 0);
    for (const char* flag : {"--requests", "--accounts", "--days", "--shapes", "--seed", "--dir", "--keep"})
        CHECK(help.out.find(flag) != std::string::npos);
    CHECK(test::runCli({"bench-import", "--shapes", "narrow,huge"}).exitCode == 2);
    CHECK(test::runCli({"bench-import", "--rows", "10"}).exitCode == 2);
}
