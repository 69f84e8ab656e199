#include "analysis/profile_accumulator.h"

#include "util/saturating.h"

#include <algorithm>
#include <cmath>

namespace siphon::analysis {

namespace {

constexpr int64_t kHourUs = 3'600'000'000LL;
constexpr int64_t kDayUs = 24 * kHourUs;
constexpr int64_t kMinuteUs = 60'000'000LL;
constexpr size_t kMaxTemplates = 48;
constexpr size_t kMaxExact = 256;
constexpr size_t kMaxIps = 16;
constexpr size_t kMaxUas = 8;
constexpr size_t kMaxOwners = 8;
constexpr size_t kMaxRuns = 32;
constexpr size_t kMaxHourSeries = 62 * 24;
constexpr size_t kMaxMinuteSeries = 720;   // the first 12 active hours are enough to see round-robin timing
constexpr size_t kMaxMinuteCounts = 200'000;
constexpr size_t kMaxTimeSample = 512;     // enough consecutive requests to see strict alternation
constexpr int kTopicSample = 64;
// Near-duplicate threshold on the shingle Jaccard estimate: a template with a variable tail as
// long as itself still scores ~0.2, unrelated prompts ~0.0-0.05.
constexpr double kTemplateJoin = 0.15;

int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

void countCapped(std::map<std::string, int64_t>& m, std::string_view key, size_t cap) {
    if (key.empty()) return;
    auto it = m.find(std::string(key));
    if (it != m.end()) ++it->second;
    else if (m.size() < cap) m.emplace(std::string(key), 1);
}

bool isContentWord(std::string_view w) {
    if (w.size() < 4) return false;
    for (char c : w)
        if (c == '0') return false;
    return true;
}

} // namespace

ProfileAccumulator::ProfileAccumulator(const DetectorConfig& config, std::string entity, int64_t datasetStartUs,
                                       int64_t expectedRequests)
    : config_(config), datasetStartUs_(datasetStartUs) {
    p_.entity = std::move(entity);
    p_.datasetStartUs = datasetStartUs_;
    sampleStride_ = std::max<int64_t>(1, expectedRequests / kTopicSample);
}

void ProfileAccumulator::addTime(int64_t tsUs, double weight) {
    const int64_t day = floorDiv(tsUs, kDayUs);
    const int hour = static_cast<int>(floorDiv(tsUs, kHourUs) - day * 24);
    const int dow = static_cast<int>(((day + 3) % 7 + 7) % 7);   // 1970-01-01 was a Thursday; 0 = Monday
    p_.hourOfWeek[static_cast<size_t>(dow * 24 + hour)] += weight;
    p_.dayHours[day] |= (1u << hour);
    p_.dayVolume[day] += weight;
    if (!any_ || tsUs < p_.firstUs) p_.firstUs = tsUs;
    if (!any_ || tsUs > p_.lastUs) p_.lastUs = tsUs;
    any_ = true;
}

int16_t ProfileAccumulator::assignTemplate(const MinHashSketch& sk) {
    auto& groups = p_.templates;
    int best = -1;
    double bestSim = kTemplateJoin;
    for (size_t i = 0; i < groups.size(); ++i) {
        const double s = sketchSimilarity(sk, groups[i].sketch);
        if (s >= bestSim) {
            bestSim = s;
            best = static_cast<int>(i);
        }
    }
    if (best >= 0) {
        ++groups[static_cast<size_t>(best)].count;
        return static_cast<int16_t>(best);
    }
    if (groups.size() < kMaxTemplates) {
        groups.push_back({sk, 1});
        return static_cast<int16_t>(groups.size() - 1);
    }
    // Full: recycle a singleton slot (a one-off prompt is not a template), else count overflow.
    for (size_t i = 0; i < groups.size(); ++i) {
        if (groups[i].count == 1) {
            groups[i] = {sk, 1};
            ++p_.templateOverflow;   // the evicted singleton is now "other"
            return static_cast<int16_t>(i);
        }
    }
    ++p_.templateOverflow;
    return -1;
}

void ProfileAccumulator::sampleTopic(std::string_view normalised) {
    const auto words = splitWords(normalised);
    std::map<std::string, int> seen;
    for (auto w : words) {
        if (!isContentWord(w)) continue;
        ++p_.sampledWords;
        ++p_.sampleWordCounts[std::string(w)];
        seen.emplace(std::string(w), 1);
    }
    for (const auto& [w, one] : seen) p_.sampleWordDocs[w] += one;
    ++p_.sampledPrompts;
}

void ProfileAccumulator::add(const RequestRow& r) {
    ++p_.requests;
    addSaturating(p_.inputTokens, r.inputTokens.value_or(0));
    addSaturating(p_.outputTokens, r.outputTokens.value_or(0));
    if (r.cachedReadTokens) {
        p_.haveCache = true;
        addSaturating(p_.cachedReadTokens, *r.cachedReadTokens);
        addSaturating(p_.cacheInputTokens, r.inputTokens.value_or(0));
    }
    if (r.requestBytes && r.responseBytes) {
        p_.requestBytes += *r.requestBytes;
        p_.responseBytes += *r.responseBytes;
        ++p_.sizedRequests;
    }
    addTime(r.tsUs, 1.0);
    if (p_.timeSample.size() < kMaxTimeSample) p_.timeSample.push_back(r.tsUs);
    if (r.tsUs < p_.firstUs + 3 * kDayUs) addSaturating(p_.earlyOutputTokens, r.outputTokens.value_or(0));

    // Inter-arrival gaps while active: ties within the timestamp precision are not measurable
    // gaps, and pauses of an hour or more (nights, weekends) are not part of the pacing.
    if (lastTsUs_ != INT64_MIN) {
        const int64_t gap = r.tsUs - lastTsUs_;
        if (gap >= std::max<int64_t>(r.precisionUs, 1) && gap < kHourUs) {
            const double g = static_cast<double>(gap) / 1e6;
            ++p_.gapCount;
            const double d = g - p_.gapMean;
            p_.gapMean += d / static_cast<double>(p_.gapCount);
            p_.gapM2 += d * (g - p_.gapMean);
        }
    }
    lastTsUs_ = r.tsUs;

    const int64_t minute = floorDiv(r.tsUs, kMinuteUs);
    if (minute != curMinute_) {
        if (curMinute_ != INT64_MIN && p_.minuteCounts.size() < kMaxMinuteCounts) p_.minuteCounts.push_back(curMinuteCount_);
        if (curMinute_ != INT64_MIN && p_.minuteSeries.size() < kMaxMinuteSeries)
            p_.minuteSeries.emplace_back(curMinute_, curMinuteCount_);
        curMinute_ = minute;
        curMinuteCount_ = 0;
    }
    ++curMinuteCount_;

    if (r.statusCode) {
        p_.haveStatus = true;
        if (*r.statusCode == 429) ++p_.rateLimited;
    }
    if (!r.endpoint.empty()) {
        p_.haveEndpoint = true;
        std::string ep(r.endpoint);
        std::transform(ep.begin(), ep.end(), ep.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const auto& m : config_.batchEndpointMarkers)
            if (!m.empty() && ep.find(m) != std::string::npos) {
                ++p_.batchRequests;
                break;
            }
    }
    countCapped(p_.ips, r.sourceIp, kMaxIps);
    countCapped(p_.userAgents, r.userAgent, kMaxUas);

    if (r.promptHash) {
        ++p_.hashedRequests;
        auto it = p_.exactTemplates.find(*r.promptHash);
        if (it != p_.exactTemplates.end()) ++it->second;
        else if (p_.exactTemplates.size() < kMaxExact) p_.exactTemplates.emplace(*r.promptHash, 1);
    }
    Point pt{r.tsUs, static_cast<int32_t>(std::min<int64_t>(r.outputTokens.value_or(0), INT32_MAX)), -1, 0, 0};
    if (r.prompt && !r.prompt->empty()) {
        ++p_.promptRequests;
        const std::string norm = normaliseText(*r.prompt);
        pt.hasPrompt = 1;
        if (containsAnyPhrase(norm, config_.reasoningPhrases)) {
            ++p_.reasoningRequests;
            pt.reasoning = 1;
        }
        pt.group = assignTemplate(sketchText(norm));
        if (promptIndex_ % sampleStride_ == 0 && p_.sampledPrompts < kTopicSample) sampleTopic(norm);
        ++promptIndex_;
    }
    // Bounded memory: past the cap keep every k-th point with its weight folded into the series.
    if (points_.size() >= kMaxOnsetPoints) {
        std::vector<Point> thinned;
        thinned.reserve(points_.size() / 2 + 1);
        for (size_t i = 0; i < points_.size(); i += 2) thinned.push_back(points_[i]);
        points_.swap(thinned);
        thinning_ *= 2;
    }
    if (p_.requests % thinning_ == 0) points_.push_back(pt);
}

void ProfileAccumulator::addBucket(const BucketRow& b) {
    p_.granularity = Granularity::Bucket;
    p_.haveGaps = false;
    if (b.numRequests) addSaturating(p_.requests, *b.numRequests);
    else p_.requestsKnown = false;
    addSaturating(p_.inputTokens, b.inputTokens);
    addSaturating(p_.outputTokens, b.outputTokens);
    if (b.cachedReadTokens) {
        p_.haveCache = true;
        addSaturating(p_.cachedReadTokens, *b.cachedReadTokens);
        addSaturating(p_.cacheInputTokens, b.inputTokens);
    }
    const int64_t width = b.endUs - b.startUs;
    if (width > kHourUs) p_.haveHourly = false;
    if (width > kDayUs) p_.haveDaily = false;
    if (width > kMinuteUs) p_.haveMinutes = false;
    const double weight = b.numRequests ? static_cast<double>(*b.numRequests) : static_cast<double>(b.outputTokens);
    if (weight > 0 || b.inputTokens > 0) {
        addTime(b.startUs, weight);
        if (b.startUs < p_.firstUs + 3 * kDayUs) addSaturating(p_.earlyOutputTokens, b.outputTokens);
        p_.lastUs = std::max(p_.lastUs, b.endUs - 1);
        // A bucket may state more requests than a minute count holds: clamp, never truncate.
        const auto perMinute = static_cast<uint32_t>(std::clamp<int64_t>(b.numRequests.value_or(0), 0, UINT32_MAX));
        if (width <= kMinuteUs && b.numRequests && p_.minuteCounts.size() < kMaxMinuteCounts)
            p_.minuteCounts.push_back(perMinute);
        if (width <= kMinuteUs && b.numRequests && p_.minuteSeries.size() < kMaxMinuteSeries)
            p_.minuteSeries.emplace_back(floorDiv(b.startUs, kMinuteUs), perMinute);
    }
    if (width <= kHourUs && (weight > 0 || b.inputTokens > 0)) addRunHour(floorDiv(b.startUs, kHourUs), weight);
    countCapped(p_.owners, b.owner, kMaxOwners);
    if (b.batch) {
        p_.haveEndpoint = true;
        if (*b.batch) addSaturating(p_.batchRequests, b.numRequests.value_or(1));
    }
}

// Buckets arrive in time order; several rows (one per model) may share an hour. Runs past the
// first kMaxRuns are not kept (every later hour starts one more, so none is added); nor are
// hours past the first kMaxHourSeries.
void ProfileAccumulator::addRunHour(int64_t hour, double weight) {
    auto& series = p_.hourSeries;
    if (!series.empty() && series.back().first == hour) series.back().second += weight;
    else if (series.size() < kMaxHourSeries) series.emplace_back(hour, weight);
    auto& runs = p_.runs;
    if (runs.empty() || hour - runs.back().lastHour - 1 >= kRunSilenceHours) {
        if (runs.size() < kMaxRuns) runs.push_back({hour, hour, 1, weight});
        return;
    }
    ActivityRun& r = runs.back();
    if (hour > r.lastHour) {
        r.lastHour = hour;
        ++r.activeHours;
    }
    r.volume += weight;
}

EntityProfile ProfileAccumulator::finish(std::vector<HourPoint>* hours) {
    if (curMinute_ != INT64_MIN) {
        if (p_.minuteCounts.size() < kMaxMinuteCounts) p_.minuteCounts.push_back(curMinuteCount_);
        if (p_.minuteSeries.size() < kMaxMinuteSeries) p_.minuteSeries.emplace_back(curMinute_, curMinuteCount_);
        curMinute_ = INT64_MIN;
    }
    if (p_.granularity == Granularity::Bucket) std::sort(p_.minuteSeries.begin(), p_.minuteSeries.end());
    if (hours && !points_.empty()) {
        // The top three template slots by count define "templated" for the hourly series.
        std::vector<int> order(p_.templates.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            return p_.templates[static_cast<size_t>(a)].count > p_.templates[static_cast<size_t>(b)].count;
        });
        std::vector<char> top(p_.templates.size(), 0);
        for (size_t i = 0; i < order.size() && i < 3; ++i)
            if (p_.templates[static_cast<size_t>(order[i])].count > 1) top[static_cast<size_t>(order[i])] = 1;
        const int64_t h0 = floorDiv(points_.front().tsUs, kHourUs);
        const int64_t h1 = floorDiv(points_.back().tsUs, kHourUs);
        hours->assign(static_cast<size_t>(h1 - h0 + 1), HourPoint{});
        for (size_t i = 0; i < hours->size(); ++i) (*hours)[i].hourUs = (h0 + static_cast<int64_t>(i)) * kHourUs;
        const double w = static_cast<double>(thinning_);
        for (const auto& pt : points_) {
            auto& h = (*hours)[static_cast<size_t>(floorDiv(pt.tsUs, kHourUs) - h0)];
            h.requests += w;
            h.outputTokens += w * pt.outputTokens;
            h.prompts += w * pt.hasPrompt;
            h.reasoning += w * pt.reasoning;
            if (pt.group >= 0 && top[static_cast<size_t>(pt.group)]) h.templated += w;
        }
    }
    points_.clear();
    points_.shrink_to_fit();
    return std::move(p_);
}

double EntityProfile::gapCv() const {
    if (gapCount < 2 || gapMean <= 0) return 0;
    return std::sqrt(gapM2 / static_cast<double>(gapCount - 1)) / gapMean;
}

} // namespace siphon::analysis
