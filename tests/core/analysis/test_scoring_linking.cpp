// Scorer, linking, onset, text sketches, metrics and the config on hand-built cases.
#include "analysis_test_util.h"

#include "analysis/bench_metrics.h"
#include "analysis/features/features.h"
#include "analysis/linking.h"
#include "analysis/onset.h"
#include "analysis/scorer.h"
#include "analysis/text_sketch.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <deque>

using namespace siphon;
using namespace siphon::analysis;
using siphon::test::kDay;
using siphon::test::kHour;
using siphon::test::kMin;
using siphon::test::kT0;
using siphon::test::profileOf;
using siphon::test::row;

namespace {

// RequestRow.prompt is a view: the texts must outlive the rows.
std::deque<std::string>& texts() {
    static std::deque<std::string> t;
    return t;
}
std::string_view keep(std::string s) { return texts().emplace_back(std::move(s)); }

// A human developer: office hours on weekdays, varied prompts, modest output.
EntityProfile human(int seed) {
    std::vector<RequestRow> rows;
    for (int d = 0; d < 10; ++d)
        for (int k = 0; k < 8; ++k) {
            auto r = row(kT0 + d * kDay + (9 + (k * 7 + seed) % 8) * kHour + ((k * 13 + seed * 7) % 60) * kMin, 400,
                         200 + 10 * ((k + seed) % 7));
            std::string text;
            for (int j = 0; j < 8; ++j) text += test::word(seed * 10000 + (d * 8 + k) * 10 + j) + " ";
            r.prompt = keep(text);
            rows.push_back(r);
        }
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.tsUs < b.tsUs; });
    auto p = profileOf(rows);
    p.entity = "human" + std::to_string(seed);
    return p;
}

// An extractor: 24/7, one chain-of-thought template, output-heavy.
EntityProfile extractor(const std::string& name) {
    std::vector<RequestRow> rows;
    for (int h = 0; h < 10 * 24; ++h)
        for (int k = 0; k < 3; ++k) {
            auto r = row(kT0 + h * kHour + k * 20 * kMin, 200, 3000);
            r.prompt = keep("Solve the following problem step by step and show your reasoning before the answer: item " +
                            std::to_string(h * 3 + k) + " case" + std::to_string(h) + " part" + std::to_string(k));
            rows.push_back(r);
        }
    auto p = profileOf(rows);
    p.entity = name;
    return p;
}

struct Scored {
    std::vector<EntityProfile> pop;
    std::vector<ScoreResult> scores;
};

Scored scoreAll(std::vector<EntityProfile> pop) {
    const DetectorConfig cfg = defaultDetectorConfig();
    std::vector<std::vector<FeatureValue>> feats;
    for (const auto& p : pop) feats.push_back(computeFeatures(p));
    PopulationBaseline base(cfg, pop, feats);
    Scored s;
    for (size_t i = 0; i < pop.size(); ++i) s.scores.push_back(scoreEntity(cfg, base, pop[i], feats[i]));
    s.pop = std::move(pop);
    return s;
}

} // namespace

TEST_CASE("the embedded default config is resources/detector_config.json", "[analysis][config]") {
    const std::string file = test::readFile(test::fixture("../../resources/detector_config.json"));
    CHECK(defaultDetectorConfigJson() == file);
    const DetectorConfig c = defaultDetectorConfig();
    CHECK_FALSE(c.version.empty());
    CHECK(c.features.size() == 12);
    CHECK(c.reasoningPhrases.size() > 20);
    CHECK(c.flagThreshold > 0);
    CHECK_FALSE(parseDetectorConfig("[1,2]").ok());
}

TEST_CASE("text sketches estimate similarity", "[analysis][sketch]") {
    CHECK(normaliseText("  Hello   World 2026\n") == "hello world 0000");
    const auto a = sketchText(normaliseText("the quick brown fox jumps over the lazy dog near the river bank"));
    const auto b = sketchText(normaliseText("The quick brown fox jumps over the lazy dog near the river bank"));
    const auto c = sketchText(normaliseText("completely unrelated sentence about taxes and invoices for march"));
    CHECK(sketchSimilarity(a, b) == Approx(1.0));
    CHECK(sketchSimilarity(a, c) < 0.1);
}

TEST_CASE("scorer flags the extractor with reasons and leaves humans unflagged", "[analysis][scorer]") {
    std::vector<EntityProfile> pop;
    for (int i = 0; i < 20; ++i) pop.push_back(human(i));
    pop.push_back(extractor("x1"));
    const auto s = scoreAll(std::move(pop));
    const auto& x = s.scores.back();
    CHECK(x.flagged);
    CHECK(x.score > 0.5);
    const std::string reasons = x.reasonText();
    CHECK(reasons.find("step-by-step") != std::string::npos);
    CHECK(reasons.find("output:input") != std::string::npos);
    for (size_t i = 0; i + 1 < s.scores.size(); ++i) {
        CHECK_FALSE(s.scores[i].flagged);
        CHECK(s.scores[i].score < x.score);
    }
    double total = 0;
    for (const auto& f : x.features) total += f.contribution;
    CHECK(total == Approx(x.score).margin(1e-9));   // contributions add up to the score
}

TEST_CASE("a short templated chain-of-thought burst is damped with a reason", "[analysis][scorer]") {
    std::vector<EntityProfile> pop;
    for (int i = 0; i < 20; ++i) pop.push_back(human(i));
    EntityProfile burst = extractor("eval");
    // The same behaviour squeezed into 1.5 days: an evaluation run.
    std::vector<RequestRow> rows;
    for (int h = 0; h < 36; ++h)
        for (int k = 0; k < 3; ++k) {
            auto r = row(kT0 + 3 * kDay + h * kHour + k * 20 * kMin, 200, 3000);
            r.prompt = keep("Solve the following problem step by step and show your reasoning before the answer: item " +
                            std::to_string(h * 3 + k));
            rows.push_back(r);
        }
    pop.push_back(profileOf(rows));
    const auto s = scoreAll(std::move(pop));
    const std::string reasons = s.scores.back().reasonText();
    INFO(reasons);
    CHECK(reasons.find("limited to") != std::string::npos);
    CHECK(reasons.find("evaluation run") != std::string::npos);
}

TEST_CASE("linking joins entities sharing an IP and a rare user agent, not a common one", "[analysis][linking]") {
    std::vector<EntityProfile> pop;
    for (int i = 0; i < 40; ++i) {
        EntityProfile p;
        p.entity = "e" + std::to_string(i);
        p.userAgents["python-requests/2.31"] = 10;   // everyone: too common to mean anything
        p.ips["198.51.100." + std::to_string(i)] = 5;
        pop.push_back(p);
    }
    pop[3].ips["203.0.113.7"] = 3;
    pop[3].userAgents["harvester/0.1"] = 3;
    pop[9].ips["203.0.113.7"] = 4;
    pop[9].userAgents["harvester/0.1"] = 4;
    const auto r = linkEntities(defaultDetectorConfig().linking, pop, false);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].members == std::vector<size_t>{3, 9});
    CHECK(r.clusters[0].reasons.find("203.0.113.7") != std::string::npos);
    CHECK(subnetOf("203.0.113.7") == "203.0.113.0/24");
    CHECK(subnetOf("2001:db8:1:2::1") == "2001:db8:1::/48");
    CHECK(subnetOf("not an ip").empty());
}

TEST_CASE("round-robin timing: counts that rise and fall together correlate", "[analysis][linking]") {
    std::vector<std::pair<int64_t, uint32_t>> a, b, c;
    for (int m = 0; m < 120; ++m) {
        const uint32_t client = static_cast<uint32_t>(2 + (m * 37 % 11));   // one client's varying rate
        a.emplace_back(m, client);
        b.emplace_back(m, client);   // round-robin: the other key gets the same share each minute
        c.emplace_back(m, static_cast<uint32_t>(2 + (m * 53 % 7)));
    }
    int minutes = 0;
    CHECK(minuteCorrelation(a, b, &minutes) == Approx(1.0));
    CHECK(minutes == 120);
    CHECK(std::abs(minuteCorrelation(a, c, &minutes)) < 0.5);
}

TEST_CASE("onset finds the hour behaviour turned, and nothing in a steady series", "[analysis][onset]") {
    const DetectorConfig cfg = defaultDetectorConfig();
    std::vector<HourPoint> hours(120), steady(120);
    for (int h = 0; h < 120; ++h) {
        hours[h].hourUs = kT0 + h * kHour;
        steady[h].hourUs = kT0 + h * kHour;
        steady[h].requests = 20;
        steady[h].prompts = 20;
        steady[h].reasoning = 19;
        if (h < 70) {
            hours[h].requests = (h % 24 >= 9 && h % 24 < 17) ? 4 : 0;
            hours[h].prompts = hours[h].requests;
        } else {
            hours[h].requests = 60;
            hours[h].prompts = 60;
            hours[h].templated = 55;
            hours[h].reasoning = 58;
        }
    }
    const auto o = detectOnset(cfg, hours);
    REQUIRE(o);
    CHECK(o->us == kT0 + 70 * kHour);
    CHECK(o->sentence.find("behaviour changed") != std::string::npos);
    CHECK_FALSE(detectOnset(cfg, steady));
}

TEST_CASE("benchmark metrics", "[analysis][metrics]") {
    std::vector<Labelled> perfect = {{0.9, true, true}, {0.8, true, true}, {0.2, false, false}, {0.1, false, true}};
    CHECK(rocAuc(perfect) == Approx(1.0));
    CHECK(recallAtFpr(perfect, 0.0) == Approx(1.0));
    const auto pr = flaggedPrecisionRecall(perfect);
    CHECK(pr.precision == Approx(2.0 / 3.0));
    CHECK(pr.recall == Approx(1.0));
    std::vector<Labelled> ties = {{0.5, true, false}, {0.5, false, false}};
    CHECK(rocAuc(ties) == Approx(0.5));
    CHECK(recallAtFpr(ties, 0.01) == Approx(0.0));   // the tie cannot be split below 100% FPR
    std::vector<Labelled> inverted = {{0.1, true, false}, {0.9, false, false}};
    CHECK(rocAuc(inverted) == Approx(0.0));
}
