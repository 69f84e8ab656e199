// The generator over a spread of seeds and account counts: every actor gets at least one source
// address, and generation runs to the end (1300 accounts, 1 day, seed 7 once crashed: a full
// shared /24 left an actor with no IP, and rendering indexed past the end of its list).
#include "generate/generator.h"
#include "generate/population.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

using namespace siphon;

namespace {

struct Size {
    uint64_t seed;
    int accounts;
    int days;
};

// Small sizes (fast), plus the one that crashed `bench-import`'s defaults.
const Size kSpread[] = {{1, 3, 1},   {2, 12, 1},  {3, 40, 1},  {4, 150, 1}, {5, 400, 1},
                        {6, 780, 1}, {7, 1300, 1}, {8, 1300, 1}, {9, 2000, 1}, {11, 64, 3}};

} // namespace

TEST_CASE("every generated actor has at least one source address, over a spread of seeds and sizes",
          "[generate][spread]") {
    for (const Size& s : kSpread) {
        for (uint64_t seed : {s.seed, s.seed + 100, s.seed + 1000}) {
            const generate::Population pop =
                generate::buildPopulation(seed, s.accounts, s.days, generate::kDefaultStartUs);
            INFO("seed " << seed << ", " << s.accounts << " accounts");
            REQUIRE(pop.actors.size() == static_cast<size_t>(s.accounts));
            size_t without = 0;
            for (const auto& a : pop.actors) without += a.ips.empty() ? 1 : 0;
            CHECK(without == 0);
        }
    }
}

TEST_CASE("generate writes generic CSV for 1300 accounts, 1 day, seed 7 (bench-import's old default)",
          "[generate][spread]") {
    test::TempDir dir;
    generate::GenerateOptions o;
    o.outDir = dir.path();
    o.seed = 7;
    o.accounts = 1300;
    o.days = 1;
    o.formats = {"generic_csv"};
    auto summary = generate::generate(o);
    REQUIRE(summary.ok());
    CHECK(summary->formats.at("generic_csv").requests > 0);
    CHECK(summary->entities.at("ip") > 0);
}
