#pragma once
// ProfileAccumulator: builds one EntityProfile from that entity's rows, fed in time order
// (requests) or any order (buckets). Memory per entity is bounded (see EntityProfile caps) plus
// 24 bytes per request for the onset series (capped at kMaxOnsetPoints; later rows are thinned).
// Not thread-safe; one accumulator per entity at a time.
#include "analysis/detector_config.h"
#include "analysis/entity_profile.h"

#include <optional>
#include <string_view>

namespace siphon::analysis {

struct RequestRow {
    int64_t tsUs = 0;
    int64_t precisionUs = 1;
    std::optional<int64_t> inputTokens, outputTokens, cachedReadTokens;
    std::optional<int64_t> statusCode;
    std::string_view endpoint, sourceIp, userAgent;   // empty = absent
    std::optional<int64_t> requestBytes, responseBytes;
    std::optional<int64_t> promptHash;
    std::optional<std::string_view> prompt;           // nullopt = no text in this format/row
};

struct BucketRow {
    int64_t startUs = 0, endUs = 0;
    std::optional<int64_t> numRequests;
    int64_t inputTokens = 0, outputTokens = 0;
    std::optional<int64_t> cachedReadTokens;
    std::optional<bool> batch;
    std::string_view owner;   // the enclosing entity named with it (a key's project); empty = none
};

// One hour of an entity's life, for change-point detection.
struct HourPoint {
    int64_t hourUs = 0;
    double requests = 0, outputTokens = 0;
    double templated = 0;   // requests in the entity's top-3 templates
    double reasoning = 0;   // requests with a reasoning phrase
    double prompts = 0;     // requests with prompt text
};

class ProfileAccumulator {
public:
    // datasetStartUs: earliest timestamp in the case (an entity first seen then is not "new").
    // expectedRequests: from the rollups, sets the stride of the topic sample.
    ProfileAccumulator(const DetectorConfig& config, std::string entity, int64_t datasetStartUs,
                       int64_t expectedRequests);

    void add(const RequestRow& row);
    void addBucket(const BucketRow& row);

    // Finishes the profile; hours receives the hourly series (request rows only).
    EntityProfile finish(std::vector<HourPoint>* hours = nullptr);

    static constexpr size_t kMaxOnsetPoints = 2'000'000;

private:
    struct Point {
        int64_t tsUs;
        int32_t outputTokens;
        int16_t group;      // template group slot, -1 none
        uint8_t reasoning;  // 1 when a phrase matched
        uint8_t hasPrompt;
    };
    void addTime(int64_t tsUs, double weight);
    void addRunHour(int64_t hour, double weight);
    int16_t assignTemplate(const MinHashSketch& sk);
    void sampleTopic(std::string_view normalised);

    const DetectorConfig& config_;
    EntityProfile p_;
    int64_t datasetStartUs_;
    int64_t sampleStride_ = 1;
    int64_t promptIndex_ = 0;
    int64_t lastTsUs_ = INT64_MIN;
    int64_t curMinute_ = INT64_MIN;
    uint32_t curMinuteCount_ = 0;
    bool any_ = false;
    std::vector<Point> points_;
    int64_t thinning_ = 1;
};

} // namespace siphon::analysis
