// Turn-taking that only a dispatcher explains, against the turn-taking any two clockwork jobs show.
#include "analysis_test_util.h"

#include "analysis/detector_config.h"
#include "analysis/interleaving.h"
#include "analysis/linking.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace siphon;
using namespace siphon::analysis;
using namespace siphon::test;

namespace {

// A clockwork job: one request every periodUs, each gap jittered by cv (normal), from startUs.
std::vector<int64_t> clockwork(int64_t startUs, double periodUs, double cv, int count, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> jitter(0.0, cv);
    std::vector<int64_t> out;
    double t = static_cast<double>(startUs);
    for (int i = 0; i < count; ++i) {
        out.push_back(static_cast<int64_t>(t));
        t += periodUs * std::max(0.05, 1.0 + jitter(rng));
    }
    return out;
}

// One dispatcher with a jittered clock dealing jobs to `members` accounts in turn.
std::vector<std::vector<int64_t>> dispatched(int members, double periodUs, double cv, int jobs, unsigned seed) {
    const auto clock = clockwork(kT0, periodUs, cv, jobs, seed);
    std::vector<std::vector<int64_t>> out(static_cast<size_t>(members));
    for (size_t i = 0; i < clock.size(); ++i) out[i % out.size()].push_back(clock[i]);
    return out;
}

} // namespace

TEST_CASE("interleaving: two independent clockwork jobs alternate, but neither shift nor phase says dispatcher",
          "[analysis][linking][interleaving]") {
    // Rates 6% apart, each gap jittered 10%: they alternate almost strictly, with equal-ish counts.
    const auto a = clockwork(kT0, 60e6, 0.10, 500, 1);
    const auto b = clockwork(kT0 + 17'000'000, 63.6e6, 0.10, 480, 2);
    const Interleaving il = interleaving(a, b);
    CHECK(il.alternation > 0.9);
    CHECK(il.alternation - il.expected > 0.25);   // what the old test alone took for a dispatcher
    CHECK(il.alternation - il.shiftedAlternation < 0.1);   // their own regularity explains it
    CHECK(il.phaseLock < 0.4);                             // their clocks drift apart
    CHECK_FALSE(coordinatedTurns(il, 0.25, 0.6));
}

TEST_CASE("interleaving: a regular dispatcher's accounts keep a fixed place in each other's cycle",
          "[analysis][linking][interleaving]") {
    const auto members = dispatched(5, 12e6, 0.2, 3000, 3);
    const Interleaving il = interleaving(members[0], members[2]);
    CHECK(il.alternation > 0.95);
    CHECK(il.phaseLock > 0.8);
    CHECK(coordinatedTurns(il, 0.25, 0.6));
}

TEST_CASE("interleaving: an irregular dispatcher's turns do not survive a shift in time",
          "[analysis][linking][interleaving]") {
    // Poisson job arrivals (exponential gaps) dealt to two accounts in turn.
    std::mt19937 rng(4);
    std::exponential_distribution<double> gap(1.0 / 30e6);
    std::vector<int64_t> a, b;
    double t = static_cast<double>(kT0);
    for (int i = 0; i < 600; ++i) {
        t += gap(rng);
        (i % 2 ? b : a).push_back(static_cast<int64_t>(t));
    }
    const Interleaving il = interleaving(a, b);
    CHECK(il.alternation > 0.99);
    CHECK(il.shiftedAlternation < 0.75);
    CHECK(coordinatedTurns(il, 0.25, 0.6));
}

TEST_CASE("linking: two clockwork networks of similar rates stay two clusters", "[analysis][linking][interleaving]") {
    // Network X: 4 accounts dealt by one clock; network Y: 4 accounts by another clock 5% slower.
    // Each network's accounts share their operator's address block; nothing is shared across.
    const auto x = dispatched(4, 15e6, 0.15, 2400, 5);
    const auto y = dispatched(4, 15.75e6, 0.15, 2300, 6);
    std::vector<EntityProfile> pop(8);
    for (size_t i = 0; i < 8; ++i) {
        pop[i].entity = "acct" + std::to_string(i);
        pop[i].timeSample.assign((i < 4 ? x[i] : y[i - 4]).begin(), (i < 4 ? x[i] : y[i - 4]).begin() + 512);
        pop[i].ips[i < 4 ? "198.51.100." + std::to_string(10 + i) : "203.0.113." + std::to_string(10 + i)] = 512;
        pop[i].userAgents["python-requests/2.31"] = 512;
    }
    const auto r = linkEntities(defaultDetectorConfig().linking, pop, false);
    REQUIRE(r.clusters.size() == 2);
    CHECK(r.clusters[0].members == std::vector<size_t>{0, 1, 2, 3});
    CHECK(r.clusters[1].members == std::vector<size_t>{4, 5, 6, 7});
    for (const auto& c : r.clusters)
        for (const auto& e : c.edges) CHECK(((e.a < 4) == (e.b < 4)));
}
