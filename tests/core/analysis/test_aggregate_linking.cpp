// Coordination in aggregated usage data (hourly buckets per key: no prompts, addresses or
// clients), on hand-built keys whose answer is known: rotated keys of one project hand over
// their round-the-clock traffic; a dispatcher dealing jobs to keys in turn keeps their hourly
// counts level; independent keys of the same volume are not linked.
#include "analysis_test_util.h"

#include "analysis/aggregate_linking.h"
#include "analysis/linking.h"

#include <catch2/catch.hpp>

#include <random>

using namespace siphon;
using namespace siphon::analysis;
using siphon::test::kHour;
using siphon::test::kT0;

namespace {

// One key's profile from hourly buckets: counts[h] requests in hour h after kT0 (0 = no bucket).
EntityProfile bucketKey(const std::string& name, const std::vector<int64_t>& counts, const std::string& project) {
    static const DetectorConfig cfg = defaultDetectorConfig();
    ProfileAccumulator acc(cfg, name, kT0, 0);
    for (size_t h = 0; h < counts.size(); ++h) {
        if (counts[h] == 0) continue;
        BucketRow b;
        b.startUs = kT0 + static_cast<int64_t>(h) * kHour;
        b.endUs = b.startUs + kHour;
        b.numRequests = counts[h];
        b.inputTokens = 200 * counts[h];
        b.outputTokens = 1500 * counts[h];
        b.owner = project;
        acc.addBucket(b);
    }
    EntityProfile p = acc.finish();
    p.datasetEndUs = kT0 + static_cast<int64_t>(counts.size()) * kHour;
    return p;
}

// Round-the-clock traffic of `perHour` requests in hours [from, to) of a `hours`-long series.
std::vector<int64_t> steady(size_t hours, size_t from, size_t to, int64_t perHour) {
    std::vector<int64_t> v(hours, 0);
    for (size_t h = from; h < to && h < hours; ++h) v[h] = perHour;
    return v;
}

std::vector<std::vector<size_t>> clusterMembers(const LinkResult& r) {
    std::vector<std::vector<size_t>> out;
    for (const auto& c : r.clusters) out.push_back(c.members);
    return out;
}

// Unrelated keys that fill the population (diurnal, each its own project).
void addBackground(std::vector<EntityProfile>& pop, size_t hours, std::mt19937& rng) {
    std::poisson_distribution<int64_t> office(6);
    for (int k = 0; k < 30; ++k) {
        std::vector<int64_t> v(hours, 0);
        for (size_t h = 0; h < hours; ++h)
            if (h % 24 >= 8 && h % 24 < 18) v[h] = office(rng);
        pop.push_back(bucketKey("bg" + std::to_string(k), v, "proj-bg-" + std::to_string(k)));
    }
}

} // namespace

TEST_CASE("aggregated usage: rotated keys of one project hand over and are linked", "[analysis][linking][aggregate]") {
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    constexpr size_t kHours = 9 * 24;
    std::vector<EntityProfile> pop;
    pop.push_back(bucketKey("key-a", steady(kHours, 0, 72, 80), "proj-x"));     // days 0-2
    pop.push_back(bucketKey("key-b", steady(kHours, 72, 144, 84), "proj-x"));   // days 3-5: takes over
    pop.push_back(bucketKey("key-c", steady(kHours, 145, 216, 78), "proj-y"));  // days 6-8, another project
    std::vector<int64_t> office(kHours, 0);
    for (size_t h = 0; h < kHours; ++h) office[h] = h % 24 >= 9 && h % 24 < 17 ? 5 : 0;
    pop.push_back(bucketKey("key-d", office, "proj-x"));   // the project's office key: no hand-over
    std::mt19937 rng(7);
    addBackground(pop, kHours, rng);

    CHECK(countRelays(cfg, pop[0], pop[1]) == 1);
    CHECK(countRelays(cfg, pop[1], pop[0]) == 0);
    CHECK(countRelays(cfg, pop[1], pop[2]) == 1);    // a hand-over, but across projects alone it does not link
    CHECK(countRelays(cfg, pop[0], pop[3]) == 0);    // office hours are no round-the-clock run
    // Half the level is no hand-over of the same job.
    CHECK(countRelays(cfg, bucketKey("x", steady(kHours, 0, 72, 80), "p"), bucketKey("y", steady(kHours, 72, 144, 20), "p")) == 0);

    const LinkResult r = linkEntities(cfg, pop, false);
    CHECK(clusterMembers(r) == std::vector<std::vector<size_t>>{{0, 1}});
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].reasons.find("hand-over") != std::string::npos);
    CHECK(r.clusters[0].reasons.find("same project") != std::string::npos);
}

TEST_CASE("aggregated usage: keys dealt jobs in turn keep level counts per window and form one network",
          "[analysis][linking][aggregate]") {
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    constexpr size_t kHours = 8 * 24;
    constexpr size_t kMembers = 5;
    std::mt19937 rng(11);
    // The dispatcher's hourly volume varies; each job goes to the next key in turn.
    std::poisson_distribution<int64_t> network(60);
    std::vector<std::vector<int64_t>> dealt(kMembers, std::vector<int64_t>(kHours, 0));
    size_t next = 0;
    for (size_t h = 0; h < kHours; ++h)
        for (int64_t j = network(rng); j > 0; --j) ++dealt[next++ % kMembers][h];
    std::vector<EntityProfile> pop;
    for (size_t m = 0; m < kMembers; ++m) pop.push_back(bucketKey("net" + std::to_string(m), dealt[m], "proj-n" + std::to_string(m)));
    // Five independent keys of the same volume (12 an hour, round the clock), started together.
    std::poisson_distribution<int64_t> alone(12);
    for (int k = 0; k < 5; ++k) {
        std::vector<int64_t> v(kHours);
        for (auto& c : v) c = alone(rng);
        pop.push_back(bucketKey("solo" + std::to_string(k), v, "proj-s" + std::to_string(k)));
    }
    addBackground(pop, kHours, rng);

    const VolumeBalance dealtPair = volumeBalance(pop[0], pop[1], cfg.balancedMinPerWindow);
    CHECK(dealtPair.windowHours == 1);   // 12 requests an hour each: hourly windows
    CHECK(dealtPair.windows == static_cast<int>(kHours));
    CHECK(dealtPair.dispersion < 0.1);
    CHECK(dealtPair.level > 0.97);
    const VolumeBalance independent = volumeBalance(pop[5], pop[6], cfg.balancedMinPerWindow);
    CHECK(independent.windows == static_cast<int>(kHours));
    CHECK(independent.dispersion > 0.6);   // about 1 for independent Poisson traffic

    const LinkResult r = linkEntities(cfg, pop, false);
    CHECK(clusterMembers(r) == std::vector<std::vector<size_t>>{{0, 1, 2, 3, 4}});
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].reasons.find("request counts level with each other") != std::string::npos);
    CHECK(r.clusters[0].specificity >= cfg.strongSpecificity);

    // Token-only reports (Anthropic) carry no request counts: the balance is not available.
    EntityProfile tokensOnly = pop[0];
    tokensOnly.requestsKnown = false;
    CHECK(volumeBalance(tokensOnly, pop[1], cfg.balancedMinPerWindow).windows == 0);

    // A slow dispatcher (a request an hour in all) is judged over windows long enough to hold
    // several requests per key: 12 hours here.
    std::vector<std::vector<int64_t>> slow(2, std::vector<int64_t>(kHours, 0));
    for (size_t h = 0; h < kHours; ++h) ++slow[h % 2][h];
    const VolumeBalance slowPair =
        volumeBalance(bucketKey("s0", slow[0], "p0"), bucketKey("s1", slow[1], "p1"), cfg.balancedMinPerWindow);
    CHECK(slowPair.windowHours == 12);
    CHECK(slowPair.dispersion < 0.05);
}
