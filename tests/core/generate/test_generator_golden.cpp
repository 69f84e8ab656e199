// Golden SHA-256 digests of the generator's output, taken from main (b860159) before its long
// functions (drawBehaviour, buildPopulation, writeTruth) were split into steps. Every draw feeds a
// seeded stream, so reordering two draws, or changing a byte a format writes, changes a digest.
// A deliberate change to the generator updates these digests in the same commit, and says why.
#include "generate/generator.h"
#include "generate/population.h"
#include "generate_test_util.h"
#include "test_paths.h"
#include "util/hash.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>

using namespace siphon;
namespace fs = std::filesystem;

namespace {

// Exact text of a double (hex float), so the digest sees every bit of a drawn parameter.
void put(std::string& s, double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%a|", v);
    s += buf;
}
void put(std::string& s, int64_t v) { s += std::to_string(v) + "|"; }
void put(std::string& s, const std::string& v) { s += v + "|"; }
void put(std::string& s, const std::vector<std::string>& v) {
    for (const auto& x : v) put(s, x);
    s += "\n";
}

void putBehaviour(std::string& s, const generate::Behaviour& b) {
    put(s, static_cast<int64_t>(b.timing));
    put(s, static_cast<int64_t>(b.style));
    for (double v :
         {b.dailyRate, b.weekendFactor, b.dayJitter, b.peakHour, b.spreadH, b.iatCv, b.sessionLen, b.thinkSec,
          b.inMedian, b.inSigma, b.outMedian, b.outSigma, b.cacheFrac, b.rate429, b.rate5xx, b.rate4xx})
        put(s, v);
    for (double v : b.modelWeights) put(s, v);
    for (double v : b.endpointWeights) put(s, v);
    put(s, static_cast<int64_t>(b.businessHoursOnly));
    s += "\n";
}

void putIdentities(std::string& s, const generate::Actor& a) {
    for (const auto& k : a.keys) put(s, {k.generic, k.aws, k.litellm, k.anthropic, std::to_string(k.project)});
    for (const auto& p : a.principals) put(s, {p.generic, p.arn, p.azureObjectId, p.litellm});
    for (const auto& p : a.projects) put(s, {p.generic, p.anthropic, p.litellm});
    put(s, a.endUsers);
    put(s, a.ips);
    put(s, a.userAgents);
    put(s, a.templateVariants);
}

// Every field of every actor, in order.
std::string populationDigest(uint64_t seed, int accounts, int days) {
    const generate::Population pop = generate::buildPopulation(seed, accounts, days, generate::kDefaultStartUs);
    std::string s;
    for (const generate::Actor& a : pop.actors) {
        put(s, {std::to_string(a.index), generate::archetypeName(a.archetype), a.networkId, a.campaign});
        for (int64_t v : {a.onsetUs, int64_t{a.startDay}, int64_t{a.endDay}, a.startOffsetUs, int64_t{a.tzOffsetH}})
            put(s, v);
        put(s,
            {a.accountId, a.slug, a.azureSubscription, a.azureResourceGroup, a.azureAccount,
             a.azureAad ? "aad" : "key"});
        putBehaviour(s, a.phase[0]);
        putBehaviour(s, a.phase[1]);
        putIdentities(s, a);
    }
    return Sha256::hex(s);
}

// Every file generate writes, by relative path, decompressed (a .gz file's bytes would depend on
// the zlib build; its content must not).
std::string treeDigest(uint64_t seed, int accounts, int days, bool dirty) {
    test::TempDir dir;
    generate::GenerateOptions o;
    o.outDir = dir.path();
    o.seed = seed;
    o.accounts = accounts;
    o.days = days;
    o.dirty = dirty;
    o.formats = generate::allFormats();
    REQUIRE(generate::generate(o).ok());
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir.path()))
        if (e.is_regular_file())
            files[fs::relative(e.path(), dir.path()).string()] = test::gen::readAll(e.path().string());
    REQUIRE(files.size() >= static_cast<size_t>(generate::allFormats().size()) * static_cast<size_t>(days) + 3);
    Sha256 h;
    for (const auto& [path, content] : files) {
        h.update(path + "\n" + std::to_string(content.size()) + "\n");
        h.update(content);
    }
    return h.finishHex();
}

} // namespace

TEST_CASE("populations are unchanged: golden digests of every actor field", "[generate][golden]") {
    // Sizes on each side of the cast's thresholds (8, 30, 40, 100, 120, 300 accounts; 4 and 5 days).
    CHECK(populationDigest(2, 12, 2) == "383da2b80a06bed195b34aa39ecc810e407a3c9d9d0d65c7ed15f119cf0e30dd");
    CHECK(populationDigest(3, 40, 7) == "ff9b6201c191a26e0f9c732d59477ab1a192952f21dddeadaaaa54768afb4336");
    CHECK(populationDigest(11, 150, 4) == "c2da27d733f7e814f3fe04473da2ff597ed38066072be2ee5e661ae07838f737");
    CHECK(populationDigest(5, 400, 30) == "efe823988334b840b34434a709e1eb6b4660d138997840479fd9d70d8fe141a2");
}

TEST_CASE("generated files are unchanged: golden digests of every format and the truth files", "[generate][golden]") {
    // Dirty: faults.csv and every fault kind.
    CHECK(treeDigest(7, 12, 2, true) == "f71fe41b409e199e8aa78d81c9898cdb0e47f0ec4629cc71f4f49b7607763ac7");
    // Extra campaigns and PaaS egress (100+ accounts).
    CHECK(treeDigest(4, 120, 1, false) == "485fca7f3d134fc2b096427c3410d70f087d0b2afa68296d0e4c1c1f642306fb");
}
