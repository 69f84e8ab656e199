// Each feature on a hand-built case whose answer is known.
#include "analysis_test_util.h"

#include "analysis/features/features.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace siphon;
using namespace siphon::analysis;
using siphon::test::kDay;
using siphon::test::kHour;
using siphon::test::kMin;
using siphon::test::kT0;
using siphon::test::profileOf;
using siphon::test::row;

namespace {

std::vector<RequestRow> withPrompts(const std::vector<std::string>& prompts, int64_t gap = kMin) {
    std::vector<RequestRow> rows;
    for (size_t i = 0; i < prompts.size(); ++i) {
        auto r = row(kT0 + static_cast<int64_t>(i) * gap);
        r.prompt = prompts[i];
        rows.push_back(r);
    }
    return rows;
}

const char* kTopics[] = {"volcano", "banking", "poetry", "football", "gardening", "taxes", "guitar", "quantum",
                         "cooking", "sailing", "medieval", "python", "marathon", "chess", "coffee", "painting"};

} // namespace

TEST_CASE("volume is output tokens, with requests in the sentence", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 10; ++i) rows.push_back(row(kT0 + i * kMin, 50, 300));
    const auto f = featureVolume(profileOf(rows));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(3000));
    CHECK(f.sentence.find("10 requests") != std::string::npos);
}

TEST_CASE("output:input ratio", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 4; ++i) rows.push_back(row(kT0 + i * kMin, 250, 2750));
    const auto f = featureOutputInputRatio(profileOf(rows));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(11.0));
    CHECK(f.sentence == "output:input 11.0x");
    auto noTokens = row(kT0);
    noTokens.inputTokens.reset();
    CHECK_FALSE(featureOutputInputRatio(profileOf({noTokens})).value);
}

TEST_CASE("output:input bytes stands in for the token ratio only where tokens are missing", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 12; ++i) {
        auto r = row(kT0 + i * kMin);
        r.inputTokens.reset();
        r.outputTokens.reset();
        r.requestBytes = 500;
        r.responseBytes = 4000;
        rows.push_back(r);
    }
    const auto f = featureOutputInputBytes(profileOf(rows));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(8.0));
    CHECK(f.sentence.find("8.0x") != std::string::npos);
    CHECK_FALSE(featureOutputInputRatio(profileOf(rows)).value);
    // With token counts the token ratio is the feature; bytes are not double-counted.
    for (auto& r : rows) {
        r.inputTokens = 100;
        r.outputTokens = 900;
    }
    CHECK_FALSE(featureOutputInputBytes(profileOf(rows)).value);
    // Without body sizes: not available, never 0.
    std::vector<RequestRow> bare;
    for (int i = 0; i < 12; ++i) {
        auto r = row(kT0 + i * kMin);
        r.inputTokens.reset();
        r.outputTokens.reset();
        bare.push_back(r);
    }
    const auto none = featureOutputInputBytes(profileOf(bare));
    CHECK_FALSE(none.value);
    CHECK(none.sentence.find("not available") != std::string::npos);
}

TEST_CASE("template repetition finds near-duplicate templates, not diverse prompts", "[analysis][features]") {
    std::vector<std::string> templated;
    for (int i = 0; i < 40; ++i)
        templated.push_back(std::string(i % 2 ? "Solve the following problem carefully and state the final answer clearly: "
                                              : "You are an expert tutor. Explain the concept below to a student in detail: ") +
                            kTopics[i % 16] + " question number " + std::to_string(i) + " about " + kTopics[(i * 7) % 16]);
    const auto t = featureTemplateRepetition(profileOf(withPrompts(templated)));
    REQUIRE(t.value);
    CHECK(*t.value > 0.9);
    CHECK(t.sentence.find("2 templates") != std::string::npos);

    std::vector<std::string> diverse;
    for (int i = 0; i < 16; ++i) {
        std::string text;
        for (int j = 0; j < 10; ++j) text += siphon::test::word(i * 100 + j) + " ";
        diverse.push_back(text);
    }
    const auto d = featureTemplateRepetition(profileOf(withPrompts(diverse)));
    REQUIRE(d.value);
    CHECK(*d.value < 0.3);

    CHECK_FALSE(featureTemplateRepetition(profileOf({row(kT0)})).value);   // no text: not available, not 0
}

TEST_CASE("reasoning elicitation counts phrases in several languages", "[analysis][features]") {
    std::vector<std::string> prompts;
    for (int i = 0; i < 20; ++i) {
        if (i % 4 == 0) prompts.push_back("Please think STEP BY STEP about " + std::string(kTopics[i % 16]));
        else if (i % 4 == 1) prompts.push_back("Erkläre Schritt für Schritt: " + std::string(kTopics[i % 16]));
        else prompts.push_back("What is " + std::string(kTopics[i % 16]) + "?");
    }
    const auto f = featureReasoningElicitation(profileOf(withPrompts(prompts)));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(0.5));
}

TEST_CASE("topical narrowness: one topic swept vs many topics", "[analysis][features]") {
    std::vector<std::string> narrow, broad;
    for (int i = 0; i < 32; ++i) {
        narrow.push_back("integral derivative function limit of " + std::to_string(i) + " integral derivative");
        std::string text;
        for (int j = 0; j < 8; ++j) text += siphon::test::word(i * 50 + j) + " ";
        broad.push_back(text);
    }
    const auto n = featureTopicalNarrowness(profileOf(withPrompts(narrow)));
    const auto b = featureTopicalNarrowness(profileOf(withPrompts(broad)));
    REQUIRE(n.value);
    REQUIRE(b.value);
    CHECK(*n.value > *b.value);
    CHECK(*n.value > 0.9);
}

TEST_CASE("hour-of-week entropy: uniform 24/7 vs one hour", "[analysis][features]") {
    std::vector<RequestRow> uniform, oneHour;
    for (int h = 0; h < 168; ++h) uniform.push_back(row(kT0 + h * kHour + 5 * kMin));
    for (int d = 0; d < 7; ++d)
        for (int k = 0; k < 10; ++k) oneHour.push_back(row(kT0 + d * kDay + 9 * kHour + k * kMin));
    const auto u = featureHourOfWeekEntropy(profileOf(uniform));
    const auto o = featureHourOfWeekEntropy(profileOf(oneHour));
    REQUIRE(u.value);
    REQUIRE(o.value);
    CHECK(*u.value == Approx(std::log2(168.0)));
    CHECK(*o.value == Approx(std::log2(7.0)));   // the same hour on 7 different weekdays
}

TEST_CASE("around the clock: 24/7 days vs office hours", "[analysis][features]") {
    std::vector<RequestRow> allDay, office;
    for (int h = 0; h < 6 * 24; ++h) allDay.push_back(row(kT0 + h * kHour + kMin));
    for (int d = 0; d < 6; ++d)
        for (int h = 9; h < 18; ++h) office.push_back(row(kT0 + d * kDay + h * kHour));
    CHECK(*featureAroundTheClock(profileOf(allDay)).value == Approx(1.0));
    CHECK(*featureAroundTheClock(profileOf(office)).value == Approx(0.0));
    CHECK(featureAroundTheClock(profileOf(allDay)).sentence.find("24/7") != std::string::npos);
}

TEST_CASE("inter-arrival CV: clockwork, and ties within the precision ignored", "[analysis][features]") {
    std::vector<RequestRow> clock;
    for (int i = 0; i < 50; ++i) {
        auto r = row(kT0 + i * kMin);
        r.precisionUs = 1'000'000;
        clock.push_back(r);
        auto tie = row(kT0 + i * kMin);   // same second: not a measurable gap
        tie.precisionUs = 1'000'000;
        clock.push_back(tie);
    }
    const auto f = featureInterarrivalCv(profileOf(clock));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(0.0).margin(1e-9));
    CHECK(f.sentence.find("clockwork") != std::string::npos);
}

TEST_CASE("inter-arrival CV is the pacing while active: nights off do not hide clockwork", "[analysis][features]") {
    std::vector<RequestRow> office;   // every 5 minutes from 09:00 to 17:00, five days
    for (int d = 0; d < 5; ++d)
        for (int m = 0; m < 8 * 12; ++m) office.push_back(row(kT0 + d * kDay + 9 * kHour + m * 5 * kMin));
    const auto f = featureInterarrivalCv(profileOf(office));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(0.0).margin(1e-9));
    CHECK(f.sentence.find("while active") != std::string::npos);
}

TEST_CASE("daily volume CV: the same every day vs a working week", "[analysis][features]") {
    std::vector<RequestRow> job, person;
    for (int d = 0; d < 14; ++d) {
        for (int k = 0; k < 24; ++k) job.push_back(row(kT0 + d * kDay + k * kHour));
        const bool weekend = d % 7 >= 5;   // kT0 is a Monday
        for (int k = 0; k < (weekend ? 0 : 6 + d % 3 * 4); ++k) person.push_back(row(kT0 + d * kDay + (9 + k % 8) * kHour + k * kMin));
    }
    const auto steady = featureDailyVolumeCv(profileOf(job));
    REQUIRE(steady.value);
    CHECK(*steady.value == Approx(0.0).margin(1e-9));
    CHECK(steady.sentence.find("weekends included") != std::string::npos);
    const auto weekly = featureDailyVolumeCv(profileOf(person));
    REQUIRE(weekly.value);
    CHECK(*weekly.value > 0.5);   // quiet weekends count as zero days
    std::vector<RequestRow> short3(job.begin(), job.begin() + 3 * 24);
    CHECK_FALSE(featureDailyVolumeCv(profileOf(short3)).value);   // too few full days: not available
}

TEST_CASE("rate-limit pacing: a plateau at a cap", "[analysis][features]") {
    std::vector<RequestRow> paced, bursty;
    for (int m = 0; m < 60; ++m)
        for (int k = 0; k < 30; ++k) paced.push_back(row(kT0 + m * kMin + k * 1'000'000));
    for (int m = 0; m < 60; ++m)
        for (int k = 0; k < (m % 10 == 0 ? 40 : 2 + m % 5); ++k) bursty.push_back(row(kT0 + m * kMin + k * 1'000'000));
    CHECK(*featureRateLimitPacing(profileOf(paced)).value == Approx(1.0));
    CHECK(*featureRateLimitPacing(profileOf(bursty)).value < 0.2);
}

TEST_CASE("cache reuse and its absence", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 4; ++i) {
        auto r = row(kT0 + i * kMin, 1000, 10);
        r.cachedReadTokens = 250;
        rows.push_back(r);
    }
    CHECK(*featureCacheReuse(profileOf(rows)).value == Approx(0.25));
    CHECK_FALSE(featureCacheReuse(profileOf({row(kT0)})).value);
}

TEST_CASE("batch endpoint share", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 4; ++i) {
        auto r = row(kT0 + i * kMin);
        r.endpoint = i == 0 ? "/v1/chat/completions" : "/v1/Batches";
        rows.push_back(r);
    }
    CHECK(*featureBatchShare(profileOf(rows)).value == Approx(0.75));
    CHECK_FALSE(featureBatchShare(profileOf({row(kT0)})).value);
}

TEST_CASE("new-account burst only for accounts new during the data", "[analysis][features]") {
    std::vector<RequestRow> rows;
    for (int i = 0; i < 10; ++i) rows.push_back(row(kT0 + 2 * kDay + i * kHour, 10, 1000));
    rows.push_back(row(kT0 + 9 * kDay, 10, 5000));   // after its first 3 days: not counted
    const auto f = featureNewAccountBurst(profileOf(rows, kT0));
    REQUIRE(f.value);
    CHECK(*f.value == Approx(10000));
    CHECK_FALSE(featureNewAccountBurst(profileOf(rows, kT0 + 2 * kDay)).value);
}

TEST_CASE("aggregated buckets: prompt and gap features are not available", "[analysis][features]") {
    const DetectorConfig cfg = defaultDetectorConfig();
    ProfileAccumulator acc(cfg, "key_1", kT0, 0);
    for (int h = 0; h < 72; ++h) {
        BucketRow b;
        b.startUs = kT0 + h * kHour;
        b.endUs = b.startUs + kHour;
        b.numRequests = 10;
        b.inputTokens = 100;
        b.outputTokens = 900;
        acc.addBucket(b);
    }
    const auto p = acc.finish();
    CHECK(p.granularity == Granularity::Bucket);
    CHECK_FALSE(featureTemplateRepetition(p).value);
    CHECK_FALSE(featureReasoningElicitation(p).value);
    CHECK_FALSE(featureInterarrivalCv(p).value);
    CHECK(*featureOutputInputRatio(p).value == Approx(9.0));
    CHECK(*featureAroundTheClock(p).value == Approx(1.0));
    CHECK(*featureVolume(p).value == Approx(72 * 900));
}
