// Scorer, linking, onset, text sketches, metrics and the config on hand-built cases.
#include "analysis_test_util.h"

#include "analysis/bench_metrics.h"
#include "analysis/features/features.h"
#include "analysis/interleaving.h"
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
    CHECK(c.features.size() == 14);
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

TEST_CASE("without prompts or token counts an entity is judged on the features the data has", "[analysis][scorer]") {
    // Azure-style records: timing only. Humans at office hours; a clockwork 24/7 stream.
    auto strip = [](std::vector<RequestRow> rows) {
        for (auto& r : rows) {
            r.inputTokens.reset();
            r.outputTokens.reset();
            r.prompt.reset();
        }
        return rows;
    };
    std::vector<EntityProfile> pop;
    for (int seed = 0; seed < 20; ++seed) {
        std::vector<RequestRow> rows;
        for (int d = 0; d < 10; ++d)
            for (int k = 0; k < 8; ++k)
                rows.push_back(row(kT0 + d * kDay + (9 + (k * 7 + seed) % 8) * kHour + ((k * 13 + seed * 7) % 60) * kMin));
        std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.tsUs < b.tsUs; });
        pop.push_back(profileOf(strip(rows)));
    }
    std::vector<RequestRow> machine;
    for (int m = 0; m < 10 * 24 * 3; ++m) machine.push_back(row(kT0 + m * 20 * kMin));
    pop.push_back(profileOf(strip(machine)));
    const auto s = scoreAll(std::move(pop));
    const auto& x = s.scores.back();
    INFO(x.reasonText());
    CHECK(x.flagged);
    CHECK(x.reasonText().find("content not available") != std::string::npos);
    for (const auto& f : x.features)
        if (f.feature.name == "template_repetition" || f.feature.name == "output_input_ratio") CHECK_FALSE(f.available());
    for (size_t i = 0; i + 1 < s.scores.size(); ++i) CHECK_FALSE(s.scores[i].flagged);
}

TEST_CASE("a short burst still running at the end of the data is not damped as a finished one", "[analysis][scorer]") {
    std::vector<EntityProfile> pop;
    for (int i = 0; i < 20; ++i) pop.push_back(human(i));
    std::vector<RequestRow> rows;
    for (int h = 0; h < 36; ++h)
        for (int k = 0; k < 3; ++k) {
            auto r = row(kT0 + 8 * kDay + 12 * kHour + h * kHour + k * 20 * kMin, 200, 3000);
            r.prompt = keep("Solve the following problem step by step and show your reasoning before the answer: item " +
                            std::to_string(h * 3 + k));
            rows.push_back(r);
        }
    EntityProfile late = profileOf(rows);
    EntityProfile finished = late;
    late.datasetEndUs = late.lastUs;                      // ran into the end of the data
    finished.datasetEndUs = late.lastUs + 3 * kDay;       // stopped three days before it
    pop.push_back(finished);
    pop.push_back(late);
    const auto s = scoreAll(std::move(pop));
    const auto& stopped = s.scores[s.scores.size() - 2];
    const auto& running = s.scores.back();
    INFO(stopped.reasonText() << " | " << running.reasonText());
    CHECK(stopped.reasonText().find("limited to") != std::string::npos);
    CHECK(running.reasonText().find("limited to") == std::string::npos);
    CHECK(running.score > stopped.score);
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

TEST_CASE("linking adds weak signals up: same /24, creation minutes apart and a rare user agent", "[analysis][linking]") {
    std::vector<EntityProfile> pop;
    for (int i = 0; i < 40; ++i) {
        EntityProfile p;
        p.entity = "e" + std::to_string(i);
        p.datasetStartUs = kT0;
        p.firstUs = kT0 + i * 7 * kHour;   // spread out: no creation-time coincidences
        p.userAgents["OpenAI/Python 1.61.0"] = 10;   // everyone: a stock SDK string
        p.ips["198.51." + std::to_string(i) + ".10"] = 5;
        pop.push_back(p);
    }
    // A network: three accounts created minutes apart, one /24 (different hosts), one odd client.
    for (int k : {5, 6, 7}) {
        pop[k].ips = {{"203.0.113." + std::to_string(10 + k), 50}};
        pop[k].userAgents = {{"harvester/0.3", 50}};
        pop[k].firstUs = kT0 + 3 * kDay + k * 2 * kMin;
    }
    // Two benign tenants behind one corporate NAT /24 with the stock user agent, created the same day.
    pop[20].ips = {{"192.0.2.40", 9}};
    pop[21].ips = {{"192.0.2.77", 9}};
    pop[20].firstUs = kT0 + 5 * kDay;
    pop[21].firstUs = kT0 + 5 * kDay + 90 * kMin;
    const auto r = linkEntities(defaultDetectorConfig().linking, pop, false);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].members == std::vector<size_t>{5, 6, 7});
    INFO(r.clusters[0].reasons);
    CHECK(r.clusters[0].reasons.find("address block") != std::string::npos);
    CHECK(r.clusters[0].reasons.find("harvester/0.3") != std::string::npos);
    CHECK(r.clusters[0].reasons.find("minutes apart") != std::string::npos);
    for (const auto& e : r.clusters[0].edges) CHECK_FALSE(e.reason.empty());
}

TEST_CASE("interleaving: requests that take turns link with one more shared signal", "[analysis][linking]") {
    // One dispatcher sends jobs to a and b in turn at irregular times; c runs on its own.
    std::vector<int64_t> a, b, c;
    const auto jobs = test::randomArrivals(kT0, 60e6, 400, 7);
    for (size_t i = 0; i < jobs.size(); ++i) (i % 2 ? b : a).push_back(jobs[i]);
    for (int i = 0; i < 200; ++i) c.push_back(kT0 + ((i / 5) * 600 + (i % 5) * 2) * 1'000'000LL);   // bursts of five
    std::sort(c.begin(), c.end());
    const Interleaving ab = interleaving(a, b);
    CHECK(ab.alternation > 0.99);
    CHECK(ab.expected == Approx(0.5).margin(0.01));
    CHECK(interleaving(a, c).alternation < 0.8);

    std::vector<EntityProfile> pop(3);
    pop[0].timeSample = a;
    pop[1].timeSample = b;
    pop[2].timeSample = c;
    for (size_t i = 0; i < 3; ++i) pop[i].entity = "e" + std::to_string(i);
    const auto cfg = defaultDetectorConfig().linking;
    CHECK(linkEntities(cfg, pop, false).clusters.empty());   // taking turns alone could be chance
    pop[0].ips["203.0.113.***"] = 200;   // masked, as Azure logs it: the /24 only
    pop[1].ips["203.0.113.***"] = 200;
    const auto r = linkEntities(cfg, pop, false);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].members == std::vector<size_t>{0, 1});
    INFO(r.clusters[0].reasons);
    CHECK(r.clusters[0].reasons.find("take turns") != std::string::npos);
    for (const auto& e : r.clusters[0].edges) CHECK(e.kind != "shared_ip");
    CHECK(subnetOf("203.0.113.***") == "203.0.113.0/24");

    // Strict turns kept over hundreds of requests link on their own: chance cannot do that.
    std::vector<EntityProfile> long2(2);
    const auto longJobs = test::randomArrivals(kT0, 60e6, 700, 8);
    for (size_t i = 0; i < longJobs.size(); ++i) long2[i % 2].timeSample.push_back(longJobs[i]);
    long2[0].entity = "a";
    long2[1].entity = "b";
    const auto strong = linkEntities(cfg, long2, false);
    REQUIRE(strong.clusters.size() == 1);
    CHECK(strong.clusters[0].edges.size() == 1);
    CHECK(strong.clusters[0].edges[0].kind == "interleaved");

    // Two unrelated clockwork jobs (every 40 s and every 60 s) also take turns, but their counts
    // differ: that is not enough on its own.
    std::vector<EntityProfile> cron(2);
    for (int i = 0; i < 900; ++i) cron[0].timeSample.push_back(kT0 + i * 40'000'000LL);
    for (int i = 0; i < 600; ++i) cron[1].timeSample.push_back(kT0 + 30'000'000LL + i * 60'000'000LL);
    cron[0].entity = "cron40";
    cron[1].entity = "cron60";
    const Interleaving twins = interleaving(cron[0].timeSample, cron[1].timeSample);
    CHECK(twins.alternation > 0.95);
    CHECK(linkEntities(cfg, cron, false).clusters.empty());
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
