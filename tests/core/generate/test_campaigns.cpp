// Large populations: every actor has an address (the 1,300-account crash), and campaigns.csv names
// each malicious account's operation, with networks of several sizes and low-volume pairs.
#include "generate/generator.h"
#include "generate_test_util.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace siphon;

TEST_CASE("generate at 1,300 accounts writes every request with an address and names each campaign", "[generate]") {
    test::TempDir dir;
    generate::GenerateOptions o;
    o.outDir = dir.path();
    o.seed = 7;
    o.accounts = 1300;   // shared cloud blocks fill up: an actor was left without an address (SIGSEGV)
    o.days = 1;
    o.formats = {"generic_csv"};
    auto r = generate::generate(o);
    REQUIRE(r.ok());
    CHECK(r->formats.at("generic_csv").requests > 0);

    std::map<std::string, bool> malicious;   // account -> malicious, from labels.csv
    for (const auto& l : test::gen::splitLines(test::readFile(dir.path() + "/truth/labels.csv"))) {
        if (l.rfind("account,", 0) != 0) continue;
        const auto c1 = l.find(',', 8), c2 = l.find(',', c1 + 1);
        malicious[l.substr(8, c1 - 8)] = l.substr(c2 + 1, 1) == "1";
    }
    const auto rows = test::gen::splitLines(test::readFile(dir.path() + "/truth/campaigns.csv"));
    REQUIRE(rows.front() == "level,entity_id,campaign");
    std::map<std::string, int> members;   // campaign -> accounts
    std::set<std::string> named;
    for (size_t i = 1; i < rows.size(); ++i) {
        if (rows[i].rfind("account,", 0) != 0) continue;
        const auto c1 = rows[i].find(',', 8);
        const std::string account = rows[i].substr(8, c1 - 8), campaign = rows[i].substr(c1 + 1);
        CHECK(malicious.at(account));
        named.insert(account);
        ++members[campaign];
    }
    for (const auto& [account, bad] : malicious)
        if (bad) CHECK(named.count(account) == 1);
    int pairs = 0, networks = 0, solos = 0;
    for (const auto& [campaign, n] : members) {
        if (campaign.rfind("pair-", 0) == 0) pairs += n == 2 ? 1 : 0;
        else if (campaign.rfind("net-", 0) == 0) networks += n >= 3 ? 1 : 0;
        else if (campaign.rfind("solo-", 0) == 0) solos += n == 1 ? 1 : 0;
    }
    CHECK(pairs >= 1);
    CHECK(networks >= 2);
    CHECK(solos >= 3);
}
