// A large organisation's usage report: `generate` pages a day by the hour once one page would pass
// 16 MB, as the API pages it. Before, 10,000 accounts wrote one ~100 MB line per day, which import
// refuses (longer than the 64 MiB record limit), and bench-detect then evaluated no key at all.
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace siphon;

TEST_CASE("cli: generate pages a large usage report by the hour, and every page imports", "[cli][generate][usage]") {
    test::TempDir dir;
    auto gen = test::runCli({"generate", "--out", dir.file("gen"), "--seed", "5", "--accounts", "2500", "--days", "1",
                             "--format", "openai_usage", "--quiet"});
    INFO(gen.err);
    REQUIRE(gen.exitCode == 0);
    size_t files = 0, pages = 0, longest = 0, total = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.file("gen/logs/openai_usage"))) {
        ++files;
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line)) ++pages, longest = std::max(longest, line.size()), total += line.size();
    }
    REQUIRE(files == 1);
    INFO("pages " << pages << ", longest " << longest << " bytes, day " << total << " bytes");
    REQUIRE(total > (16u << 20));   // large enough that one page would pass the cap
    CHECK(pages == 24);
    CHECK(longest <= (16u << 20));
    auto imp = test::runCli({"import", dir.file("c.siphon"), dir.file("gen/logs/openai_usage")});
    INFO(imp.out << imp.err);
    CHECK(imp.exitCode == 0);
    CHECK_THAT(imp.out, Catch::Contains("24 records") && Catch::Contains("0 rejected"));
}
