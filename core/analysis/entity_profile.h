#pragma once
// EntityProfile: the compact, mergeable summary of one entity's traffic that every feature,
// the linker and the cluster scorer read. Built by ProfileAccumulator from request rows (ordered
// by time) or usage buckets; bounded in size whatever the entity's volume (caps noted below).
#include "analysis/text_sketch.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

enum class Granularity { Request, Bucket };

// A stretch of activity in aggregated data, ended by at least kRunSilenceHours silent hours.
struct ActivityRun {
    int64_t firstHour = 0, lastHour = 0;   // hour indexes since the epoch, inclusive
    int64_t activeHours = 0;
    double volume = 0;                     // requests (output tokens when counts are unknown)
};
constexpr int64_t kRunSilenceHours = 12;

struct TemplateGroup {
    MinHashSketch sketch;   // of the first prompt that opened the group
    int64_t count = 0;      // prompts judged near-duplicates of it
};

struct EntityProfile {
    std::string entity;
    Granularity granularity = Granularity::Request;

    // Volume. requestsKnown is false for Anthropic-style buckets without a request count.
    int64_t requests = 0;
    bool requestsKnown = true;
    int64_t inputTokens = 0;
    int64_t outputTokens = 0;
    int64_t cachedReadTokens = 0;
    int64_t cacheInputTokens = 0;   // input tokens of the rows whose cache field was present
    bool haveCache = false;
    // Body sizes, for formats that log bytes but not tokens (Azure diagnostics): only rows with both.
    int64_t requestBytes = 0;
    int64_t responseBytes = 0;
    int64_t sizedRequests = 0;
    int64_t firstUs = 0;
    int64_t lastUs = 0;
    int64_t datasetStartUs = 0;     // earliest timestamp of the case (an entity seen then is not "new")
    int64_t datasetEndUs = 0;       // latest timestamp of the case (0 = unknown): activity up to it is still running

    // Time shape. hourOfWeek is weighted by requests (or output tokens when counts are unknown);
    // hour 0 = Monday 00:00 UTC. haveHourly is false for buckets wider than an hour.
    std::array<double, 168> hourOfWeek{};
    bool haveHourly = true;
    std::map<int64_t, uint32_t> dayHours;   // day index -> bit mask of active UTC hours
    std::map<int64_t, double> dayVolume;    // day index -> requests (output tokens when counts are unknown)
    bool haveDaily = true;                  // false for buckets wider than a day
    int64_t gapCount = 0;                  // inter-arrival gaps at least ts precision and under an hour long
    double gapMean = 0, gapM2 = 0;         // Welford accumulators over those gaps (seconds)
    bool haveGaps = true;                  // false for buckets
    std::vector<uint32_t> minuteCounts;    // requests per active minute (capped at 200k minutes)
    bool haveMinutes = true;
    int64_t rateLimited = 0;               // HTTP 429 responses
    bool haveStatus = false;

    // Prompts (per-request formats with content only).
    int64_t promptRequests = 0;            // requests with prompt text
    int64_t reasoningRequests = 0;         // ... containing a reasoning-elicitation phrase
    std::vector<TemplateGroup> templates;  // near-duplicate groups (at most 48)
    int64_t templateOverflow = 0;          // prompts that found no group and no free slot
    std::map<int64_t, int64_t> exactTemplates;   // prompt_hash -> count (at most 256 kept)
    int64_t hashedRequests = 0;            // requests with a prompt_hash
    int sampledPrompts = 0;                // prompts in the topic sample
    int64_t sampledWords = 0;
    std::map<std::string, int> sampleWordDocs;   // content word -> sampled prompts containing it
    std::map<std::string, int> sampleWordCounts; // content word -> occurrences in the sample

    // Endpoints.
    int64_t batchRequests = 0;
    bool haveEndpoint = false;

    // New-account burst: output tokens in the first 72 h after first seen.
    int64_t earlyOutputTokens = 0;

    // Linking keys (capped: 16 IPs, 8 user agents, most frequent kept).
    std::map<std::string, int64_t> ips;
    std::map<std::string, int64_t> userAgents;
    std::vector<std::pair<int64_t, uint32_t>> minuteSeries;   // (minute index, requests), first 720 active minutes
    std::vector<int64_t> timeSample;       // start times of the first 512 requests (request rows only), for interleaving
    // Aggregated data of hourly or finer buckets only: runs of activity (the first 32), volume
    // per active hour (the first 1,488: two months), and the enclosing entities its buckets
    // named (a key's project), for aggregate_linking.h.
    std::vector<ActivityRun> runs;
    std::vector<std::pair<int64_t, double>> hourSeries;   // (hour index since the epoch, volume)
    std::map<std::string, int64_t> owners;

    // Onset (set by the analyzer): hourly signal is consumed during streaming, only the result kept.
    std::optional<int64_t> onsetUs;
    std::string onsetSentence;

    double gapCv() const;
    int64_t spanUs() const { return lastUs - firstUs; }
};

// Combines profiles (for a cluster's joint behaviour): sums, histograms and groups merged.
EntityProfile mergeProfiles(const std::vector<const EntityProfile*>& parts, const std::string& name);

} // namespace siphon::analysis

namespace siphon::analysis {
// Drops what only the per-entity features needed (per-minute counts, the topic sample beyond its
// skeleton and 40 commonest words, singleton templates), once those features are computed, so
// that the whole population's profiles fit in memory for linking and cluster scoring.
void compactProfile(EntityProfile& p);
}
