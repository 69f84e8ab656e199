#pragma once
// The detector's versioned configuration: feature weights and thresholds, dampers, linking
// strengths, onset settings and the editable reasoning-phrase list. The single source of truth
// is resources/detector_config.json, embedded into the binary at build time; a case records the
// exact JSON used by each analysis run (analysis_run.config_json).
#include "util/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

enum class Direction { High, Low };   // which side of the population is suspicious

struct FeatureWeight {
    double weight = 1.0;
    Direction direction = Direction::High;
    double zLow = 1.0;       // robust z at which suspicion starts
    double zHigh = 3.0;      // robust z at which suspicion is full
    double madFloor = 0.1;   // lower bound for the scaled MAD (avoids infinite z on uniform populations)
    bool logTransform = false;   // compare log10(value) rather than value
    double absMin = -1e300;  // Direction::High: value must be at least this to count
    double absMax = 1e300;   // Direction::Low: value must be at most this to count
    bool content = false;    // "content" (what is asked) vs "operation" (how it is sent)
    // The feature's possible range ("range": [lo, hi]), when bounded. When the population median
    // sits so close to the suspicious end that even that end is not z_low away, the feature
    // cannot single anyone out here (e.g. every customer's prompts come from one system prompt):
    // it is left out of the weights rather than diluting the others.
    std::optional<double> rangeLow, rangeHigh;
};

struct LinkingConfig {
    int maxShare = 64;                 // ignore keys shared by more entities than this
    double linkThreshold = 1.0;        // summed edge strength that joins two entities
    double sharedIp = 0.7;
    double sharedSubnet = 0.35;
    double sharedUserAgent = 0.35;
    double commonUserAgentShare = 0.02;   // a UA used by more than this share of entities (and > 10) is common
    double sharedTemplate = 0.7;
    double templateMinShare = 0.2;     // a template must carry this share of both entities' traffic
    double templateSimilarity = 0.6;   // MinHash Jaccard estimate for "same template"
    double creationWindowHours = 2.0;
    double creationTime = 0.2;
    double creationCloseMinutes = 10;  // first seen this close together: the stronger creationClose
    double creationClose = 0.3;
    double roundRobin = 0.8;
    double roundRobinMinCorr = 0.9;
    int roundRobinMinMinutes = 60;
    double interleave = 0.75;          // requests that take turns (one dispatcher, several accounts)
    int interleaveMinRequests = 60;    // in the overlap, both together (and half that from each)
    double interleaveMinAlternation = 0.9;
    double interleaveMinExcess = 0.25; // above what independent streams of those counts reach
    double interleaveStartWindowHours = 24;
    int interleaveStrongRequests = 500;      // strict turns over this many requests link on their own
    double interleaveStrongAlternation = 0.93;
    double interleaveStrong = 1.0;
    double interleaveStrongMinBalance = 0.85;   // smaller / larger request count in the overlap
    double clusterLift = 0.9;          // member score >= clusterLift * cluster score
};

struct DetectorConfig {
    std::string version;
    std::string json;                  // the exact JSON text this config was read from
    double flagThreshold = 0.4;
    int minRequests = 30;
    double fewRequestsFactor = 0.5;
    double balanceWeight = 0.5;   // share of the score from the geometric mean of content and operation
    int promptSamplePerEntity = 64;
    std::map<std::string, FeatureWeight> features;
    double shortBurstDays = 3.0;
    double shortBurstFactor = 0.45;
    double shortBurstShare = 0.8;   // this share of the volume within shortBurstDays is a burst too
    double shortBurstMaxVolumePercentile = 0.995;
    std::vector<std::string> reasoningPhrases;   // all languages, lower-case UTF-8
    std::vector<std::string> batchEndpointMarkers;
    LinkingConfig linking;
    int onsetMinHours = 12;
    double onsetMinEffect = 1.0;   // 1.0 = volume doubled or a share up 25 points
};

// Parses a config JSON (the shape of resources/detector_config.json). Missing keys keep defaults.
Result<DetectorConfig> parseDetectorConfig(const std::string& json);

// The embedded default (resources/detector_config.json at build time).
const std::string& defaultDetectorConfigJson();
DetectorConfig defaultDetectorConfig();

} // namespace siphon::analysis
