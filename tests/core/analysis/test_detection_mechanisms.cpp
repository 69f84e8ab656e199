// The mechanisms that make detection generalise, each on a hand-built case whose answer is known:
// the calibrated threshold, networks decided as networks, signal specificity, the cluster split
// and reasons that stay valid UTF-8 and agree with their numbers.
#include "analysis_test_util.h"

#include "analysis/calibration.h"
#include "analysis/linking.h"
#include "analysis/network_decision.h"
#include "analysis/utf8_text.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace siphon;
using namespace siphon::analysis;
using siphon::test::kDay;
using siphon::test::kMin;
using siphon::test::kT0;

namespace {

// n benign scores at the exact quantiles of an exponential with the given mean.
std::vector<double> exponentialScores(int n, double mean) {
    std::vector<double> v;
    for (int i = 0; i < n; ++i) v.push_back(-mean * std::log(1.0 - (i + 0.5) / n));
    return v;
}

bool validUtf8Strict(const std::string& s) { return validUtf8(s) == s; }

} // namespace

TEST_CASE("calibrated threshold: the benign tail's score at the target false-positive rate", "[analysis][calibration]") {
    DetectorConfig cfg = defaultDetectorConfig();
    REQUIRE(cfg.threshold.calibrated);
    REQUIRE(cfg.threshold.targetFpr == Approx(0.005));
    // 2,000 benign entities with exponential scores of mean 0.05: P(score > s) = exp(-s / 0.05), so
    // the 0.5% tail starts at 0.05 x ln(200) = 0.265. Add 40 distillers at 0.7.
    std::vector<double> scores = exponentialScores(2000, 0.05);
    for (int i = 0; i < 40; ++i) scores.push_back(0.7);
    const FlagThreshold t = calibrateThreshold(cfg, scores);
    CHECK(t.calibrated);
    CHECK(t.value == Approx(0.265).margin(0.04));   // 2% distillers shift the body quantiles a little
    CHECK(t.method.find("0.5%") != std::string::npos);
    CHECK(t.method.find(scoreText(t.value)) != std::string::npos);
    // The benign false-positive rate it stands for, measured: about 0.5%.
    const auto over = std::count_if(scores.begin(), scores.begin() + 2000, [&](double s) { return meetsThreshold(s, t.value); });
    CHECK(over >= 2);
    CHECK(over <= 20);

    // A noisier population gets a higher threshold: the same rule, its own data.
    CHECK(calibrateThreshold(cfg, exponentialScores(2000, 0.08)).value > t.value + 0.05);

    // Bounds, too-small populations and the explicit override.
    CHECK(calibrateThreshold(cfg, std::vector<double>(1000, 0.0)).value == Approx(cfg.threshold.min));
    const FlagThreshold small = calibrateThreshold(cfg, exponentialScores(50, 0.05));
    CHECK_FALSE(small.calibrated);
    CHECK(small.value == Approx(cfg.flagThreshold));
    CHECK(small.method.find("too few") != std::string::npos);
    DetectorConfig fixed = cfg;
    fixed.threshold.calibrated = false;
    CHECK(calibrateThreshold(fixed, scores).value == Approx(cfg.flagThreshold));
    auto parsed = parseDetectorConfig(R"({"version": "t", "flag_threshold": 0.33, "threshold": {"mode": "fixed"}})");
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed->threshold.calibrated);
    CHECK(calibrateThreshold(*parsed, scores).value == Approx(0.33));
    CHECK_FALSE(parseDetectorConfig(R"({"version": "t", "threshold": {"target_fpr": 2}})").ok());

    // The stored config keeps the text as used and says what the threshold stood for.
    const std::string stored = configWithThreshold(cfg.json, t);
    CHECK(stored.rfind(cfg.json.substr(0, cfg.json.find_last_of('}') - 2), 0) == 0);
    CHECK(stored.find("\"flag_threshold_of_this_run\"") != std::string::npos);
    CHECK(stored.find("\"target_fpr\": 0.005") != std::string::npos);
    CHECK(parseDetectorConfig(stored).ok());
}

TEST_CASE("a verdict and its printed comparison use the same rounding", "[analysis][calibration]") {
    CHECK(scoreText(0.3954) == "0.395");
    CHECK(meetsThreshold(0.3996, 0.4));       // printed 0.400 >= 0.400
    CHECK_FALSE(meetsThreshold(0.3994, 0.4)); // printed 0.399 < 0.400
    // Whatever the score, "not enough to flag (score a < b)" never has a == b.
    for (double s = 0.390; s < 0.410; s += 0.0001)
        if (!meetsThreshold(s, 0.4)) CHECK(scoreText(s) != scoreText(0.4));
}

TEST_CASE("a network is decided as a network: members carry its verdict with both numbers", "[analysis][network]") {
    const DetectorConfig cfg = defaultDetectorConfig();
    FlagThreshold t;
    t.value = 0.35;
    LinkCluster net;
    for (size_t i = 0; i < 25; ++i) net.members.push_back(i);
    net.specificity = 1.0;   // one proxy address and one rare client
    ScoreResult joint;
    joint.score = 0.30;      // moderate on its own: below the threshold
    const NetworkVerdict v = judgeNetwork(cfg, t, net, joint);
    // 0.30 + 0.25 x (1 - 0.30) x 1.0 = 0.475
    CHECK(v.score == Approx(0.475));
    CHECK(v.flagged);
    CHECK(v.sentence.find("network of 25 entities: score 0.475 >= threshold 0.350") != std::string::npos);

    ScoreResult member;
    member.score = 0.06;
    member.reasons = {"31% of prompts ask for step-by-step reasoning", "but not enough together to flag (score 0.060 < 0.350)"};
    REQUIRE(applyNetworkVerdict(member, v, "25 linked entities: shared source IP 203.0.113.7 (300 links)"));
    CHECK(member.flagged);
    CHECK(scoreText(member.score) == "0.475");
    const std::string text = member.reasonText();
    INFO(text);
    CHECK(text.find("its own score 0.060") != std::string::npos);
    CHECK(text.find("score 0.475 >= threshold 0.350") != std::string::npos);
    CHECK(text.find("not enough") == std::string::npos);   // no reason argues against the row
    CHECK(text.find("203.0.113.7") != std::string::npos);

    // The same joint behaviour in a pair is not boosted; benign joint behaviour never is.
    LinkCluster pair;
    pair.members = {0, 1};
    pair.specificity = 1.0;
    CHECK_FALSE(judgeNetwork(cfg, t, pair, joint).flagged);
    ScoreResult benign;
    benign.score = 0.08;
    const NetworkVerdict office = judgeNetwork(cfg, t, net, benign);
    CHECK(office.score == Approx(0.08));
    CHECK_FALSE(office.flagged);
    ScoreResult untouched;
    untouched.score = 0.06;
    CHECK_FALSE(applyNetworkVerdict(untouched, office, "x"));
    CHECK(untouched.score == 0.06);
}

TEST_CASE("calibrated threshold: entities that score 0 do not drag the tail down", "[analysis][calibration]") {
    const DetectorConfig cfg = defaultDetectorConfig();
    // Aggregated usage: 8,000 keys with nothing suspicious (score 0) and 2,000 that score,
    // exponentially with mean 0.05. Over all 10,000, 0.5% is 50 keys: the 2.5% tail of the scoring
    // part, which starts at 0.05 x ln(40) = 0.184.
    std::vector<double> scores(8000, 0.0);
    const auto scoring = exponentialScores(2000, 0.05);
    scores.insert(scores.end(), scoring.begin(), scoring.end());
    const FlagThreshold t = calibrateThreshold(cfg, scores);
    CHECK(t.calibrated);
    CHECK(t.value == Approx(0.2).margin(0.03));   // 0.184 raised to the configured minimum of 0.2 at most
    const auto over = std::count_if(scores.begin(), scores.end(), [&](double s) { return meetsThreshold(s, t.value); });
    CHECK(over >= 25);
    CHECK(over <= 75);
    CHECK(t.method.find(" of 10000 entities that score above 0") != std::string::npos);
    // Fewer scoring keys, same rule: the rate among them is higher, so the threshold is lower
    // (here held at the minimum), never the 0.2 a fit through the zeros would have given by chance.
    std::vector<double> wide(8000, 0.0);
    const auto noisy = exponentialScores(2000, 0.1);
    wide.insert(wide.end(), noisy.begin(), noisy.end());
    const FlagThreshold w = calibrateThreshold(cfg, wide);
    CHECK(w.value == Approx(0.1 * std::log(40.0)).margin(0.04));   // 0.369
}

TEST_CASE("signal specificity: a rare shared key links, one shared across the population does not", "[analysis][linking]") {
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    // Up to max_share (and 1% of the population) a key counts in full; then less; at 4x nothing.
    CHECK(keySpecificity(cfg, 25, 10000) == Approx(1.0));
    CHECK(keySpecificity(cfg, 100, 4000) < 1.0);
    CHECK(keySpecificity(cfg, 100, 4000) > 0.5);
    CHECK(keySpecificity(cfg, 300, 4000) == 0.0);

    std::vector<EntityProfile> pop(4000);
    for (size_t i = 0; i < pop.size(); ++i) {
        pop[i].entity = "e" + std::to_string(i);
        pop[i].ips["10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1"] = 5;
        pop[i].userAgents["client-" + std::to_string(i)] = 5;
    }
    // A proxy network of 70 accounts (more than max_share: blocked, not all pairs): one address, one odd client, one exact prompt template.
    for (size_t i = 1000; i < 1070; ++i) {
        pop[i].ips = {{"203.0.113.7", 60}};
        pop[i].userAgents = {{"harvest-x/1.0", 60}};
        pop[i].hashedRequests = 60;
        pop[i].exactTemplates = {{424242, 60}};
    }
    // A PaaS egress address used by 300 unrelated tenants (each its own client).
    for (size_t i = 2000; i < 2300; ++i) pop[i].ips = {{"198.51.100.9", 40}};
    const auto r = linkEntities(cfg, pop, false);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].members.size() == 70);
    CHECK(r.clusters[0].members.front() == 1000);
    CHECK(r.clusters[0].specificity > 0.5);
    CHECK(r.clusters[0].specificity < 1.0);
}

TEST_CASE("cluster split: two operators chained by unspecific evidence stay two clusters", "[analysis][linking]") {
    std::vector<EntityProfile> pop(40);
    for (size_t i = 0; i < pop.size(); ++i) {
        pop[i].entity = "e" + std::to_string(i);
        pop[i].ips["198.51." + std::to_string(i) + ".10"] = 5;
    }
    // Operator A (0-3) and operator B (10-13): each shares an address and a client.
    for (size_t i : {0, 1, 2, 3}) pop[i].ips = {{"203.0.113.5", 50}}, pop[i].userAgents = {{"harvest-a/1.0", 50}};
    for (size_t i : {10, 11, 12, 13}) pop[i].ips = {{"192.0.2.77", 50}}, pop[i].userAgents = {{"harvest-b/2.0", 50}};
    // One member of each takes strict turns with the other, as if one dispatcher fed both: timing only.
    const auto jobs = test::randomArrivals(test::kT0, 60e6, 700, 9);
    for (size_t i = 0; i < jobs.size(); ++i) pop[i % 2 ? 13 : 0].timeSample.push_back(jobs[i]);
    // Two lone accounts linked by the same timing evidence still form a pair.
    for (int i = 0; i < 700; ++i) pop[static_cast<size_t>(i % 2 ? 31 : 30)].timeSample.push_back(kT0 + 5 * kDay + i * 45'000'000LL + (i % 7) * kMin / 10);

    LinkingConfig cfg = defaultDetectorConfig().linking;
    REQUIRE(cfg.splitClusters);
    const auto split = linkEntities(cfg, pop, false);
    std::vector<std::vector<size_t>> groups;
    for (const auto& c : split.clusters) groups.push_back(c.members);
    CHECK(groups == std::vector<std::vector<size_t>>{{0, 1, 2, 3}, {10, 11, 12, 13}, {30, 31}});

    cfg.splitClusters = false;   // the old union of every linked pair chains A and B into one
    const auto chained = linkEntities(cfg, pop, false);
    REQUIRE_FALSE(chained.clusters.empty());
    CHECK(chained.clusters[0].members.size() == 8);
}

TEST_CASE("quoted text is valid UTF-8, cut between characters, never inside a grapheme", "[analysis][utf8]") {
    const std::string cjk = "bedroom\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6\xE7\xB0\xA1\xE5\x8D\x98";   // について簡単
    for (size_t cap = 1; cap < cjk.size() + 2; ++cap) {
        const std::string q = quotedText(cjk, cap);
        INFO(cap);
        CHECK(validUtf8Strict(q));
        CHECK(q.size() <= cap + 3);
    }
    CHECK(quotedText(cjk, 12) == "bedroom\xE3\x81\xAB...");
    // Invalid bytes and a cut multi-byte tail become U+FFFD; controls are masked.
    CHECK(quotedText("ab\xFF\xC3", 32) == "ab\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(quotedText("a\nb", 32) == "a?b");
    CHECK(validUtf8("\xE5\x8D") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(validUtf8("\xED\xA0\x80") != "\xED\xA0\x80");   // a surrogate is not UTF-8
    // A thumbs-up with a skin tone is one grapheme: never cut between them.
    const std::string thumbs = "ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!";
    CHECK(quotedText(thumbs, 8) == "ok ...");
    CHECK(quotedText(thumbs, 11) == thumbs.substr(0, 11) + "...");
    // An accent stays with its letter; RTL text is kept as is.
    CHECK(quotedText("cafe\xCC\x81s", 5) == "caf...");
    const std::string rtl = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";   // שלום
    CHECK(quotedText(rtl, 64) == rtl);
}

TEST_CASE("shared infrastructure: tenants behind one egress with their own clients are not a network", "[analysis][linking]") {
    // Twelve tenants of a platform leave through one address and wrap prompts in the same popular
    // frame; each runs its own client. The same facts with one client throughout are one operator.
    auto population = [](bool oneClient) {
        std::vector<EntityProfile> pop(60);
        for (size_t i = 0; i < pop.size(); ++i) {
            pop[i].entity = "e" + std::to_string(i);
            pop[i].ips["198.51." + std::to_string(i) + ".10"] = 5;
        }
        for (size_t i = 20; i < 32; ++i) {
            pop[i].ips = {{"203.0.113.200", 80}};
            pop[i].userAgents = {{oneClient ? std::string("harvest/1.0") : "tenant-app-" + std::to_string(i) + "/1.0", 80}};
            pop[i].hashedRequests = 80;
            pop[i].exactTemplates = {{777, 80}};
        }
        return pop;
    };
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    CHECK(linkEntities(cfg, population(false), false).clusters.empty());
    const auto op = linkEntities(cfg, population(true), false);
    REQUIRE(op.clusters.size() == 1);
    CHECK(op.clusters[0].members.size() == 12);
}

namespace {

// An entity whose sampled prompts all carry the words of one frame (and nothing else in common).
void giveFrame(EntityProfile& p, const std::vector<std::string>& words) {
    p.sampledPrompts = 20;
    for (const auto& w : words) p.sampleWordDocs[w] = 20, p.sampleWordCounts[w] = 20;
}

const std::vector<std::string> kTicketFrame = {"following", "sentences", "summarize", "support", "ticket"};
const std::vector<std::string> kTranslateFrame = {"formatting", "following", "keep", "text", "translate"};
const std::vector<std::string> kHarvestFrame = {"answer", "derive", "reasoning", "show", "verify"};

std::vector<EntityProfile> addressedPopulation(size_t n) {
    std::vector<EntityProfile> pop(n);
    for (size_t i = 0; i < pop.size(); ++i) {
        pop[i].entity = "e" + std::to_string(i);
        pop[i].ips["10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1"] = 5;
    }
    return pop;
}

} // namespace

TEST_CASE("shared infrastructure without user agents: the prompt frame tells tenants from one operator", "[analysis][linking]") {
    // LiteLLM and Bedrock logs name no client. Twelve tenants leave through one platform address:
    // six send support tickets, six translations, each group in its own frame. One operator's
    // twelve accounts behind one address send one frame.
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    auto tenants = addressedPopulation(60);
    for (size_t i = 20; i < 32; ++i) {
        tenants[i].ips = {{"203.0.113.200", 80}};
        giveFrame(tenants[i], i < 26 ? kTicketFrame : kTranslateFrame);
    }
    CHECK(linkEntities(cfg, tenants, false).clusters.empty());

    auto operation = addressedPopulation(60);
    for (size_t i = 20; i < 32; ++i) {
        operation[i].ips = {{"203.0.113.200", 80}};
        giveFrame(operation[i], kHarvestFrame);
    }
    const auto op = linkEntities(cfg, operation, false);
    REQUIRE(op.clusters.size() == 1);
    CHECK(op.clusters[0].members.size() == 12);
}

TEST_CASE("signal specificity: a prompt frame that hundreds of customers send weighs little", "[analysis][linking]") {
    // 150 of 3,000 customers use one popular tool's frame from their own addresses; five of them
    // (and five customers with no frame) share a platform address. An operator of five accounts
    // with its own frame behind another address is linked; the five tool users are not.
    const LinkingConfig cfg = defaultDetectorConfig().linking;
    auto pop = addressedPopulation(3000);
    for (size_t i = 100; i < 250; ++i) giveFrame(pop[i], kTicketFrame);
    for (size_t i : {100, 101, 102, 103, 104, 500, 501, 502, 503, 504}) pop[i].ips = {{"198.51.100.9", 40}};
    for (size_t i = 900; i < 905; ++i) {
        pop[i].ips = {{"203.0.113.7", 40}};
        giveFrame(pop[i], kHarvestFrame);
    }
    const auto r = linkEntities(cfg, pop, false);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].members == std::vector<size_t>{900, 901, 902, 903, 904});
}
