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
    double interleaveMinPhaseLock = 0.5;   // or a fixed place in each other's cycle (one clock)
    double clusterLift = 0.9;          // member score >= clusterLift * cluster score
    // Specificity (IDF-like): a key shared by at most max(maxShare, rareShare x population)
    // entities counts in full; a commoner one counts less, down to nothing at commonFactor times
    // that. Keys shared by more than maxShare are blocked (members chained, not all pairs).
    double rareShare = 0.01;
    double commonFactor = 4.0;
    // Cluster split (linking.cpp): groups are formed by pairs sharing a key at least this
    // specific; pairs linked only by unspecific evidence never join two groups.
    bool splitClusters = true;
    double strongSpecificity = 0.6;
    // Aggregated usage (aggregate_linking.h).
    double sameProject = 0.5;          // keys of one project: never links alone
    double relay = 0.6;                // per hand-over of a round-the-clock run, up to 1.0
    int relayMinRunHours = 24;         // a run at least this long, active in 90% of its hours
    double balanced = 0.8;             // counts per window level, tighter than independent traffic
    double balancedStrong = 1.0;       // ... over balancedStrongWindows, started in the same hour
    double balancedMinPerWindow = 5;   // the window holds this many requests of the quieter entity
    int balancedMinWindows = 24;
    int balancedStrongWindows = 48;
    double balancedMaxDispersion = 0.25;
    double balancedMinLevel = 0.9;
};

// How the flag threshold is set (calibration.h). calibrated = false uses flag_threshold as is.
struct ThresholdConfig {
    bool calibrated = true;
    double targetFpr = 0.005;       // benign false-positive rate the threshold stands for
    double fitLow = 0.75, fitHigh = 0.9;   // body quantiles the exponential tail is fitted to
    double minTailScale = 0.02;     // a floor for the fitted spread (a population of identical scores)
    double min = 0.2, max = 0.6;    // bounds on the calibrated value
    int minPopulation = 200;        // fewer entities: the fixed flag_threshold
};

// Networks decided as networks (analyzer.cpp): a cluster whose members share specific
// infrastructure or a template, with enough members, is judged on its joint behaviour plus the
// coordination itself; every member then carries the network's verdict.
struct NetworkConfig {
    int minMembers = 3;             // pairs are judged on their members' own scores
    double coordinationBoost = 0.25;   // joint score + boost x (1 - joint) x edge specificity
    double minJointShare = 0.75;    // joint behaviour must reach this share of the threshold to be boosted
};

struct DetectorConfig {
    std::string version;
    std::string json;                  // the exact JSON text this config was read from
    double flagThreshold = 0.4;        // fixed threshold (threshold.calibrated = false, or small populations)
    ThresholdConfig threshold;
    std::string thresholdLabel;        // set by the analyzer, e.g. "calibrated at 0.5% benign FPR"; not parsed
    NetworkConfig networks;
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
