#pragma once
// runAnalysis: scores every entity of one level in a case and stores the results.
// Reads the rollups for per-entity counts, streams request rows once in (entity, time) order
// (creating the index request_<column>_ts if missing), then usage buckets for entities that
// only appear in aggregated data; computes features, scores against the population, links
// entities into clusters, detects onsets (an unflagged entity with an onset is also scored on its
// traffic since then, re-read by the (entity, ts) index; the flag threshold is calibrated on the
// case's own score distribution (calibration.h) and clusters are decided as networks
// (network_decision.h); a flagged entity's onset is the
// change-point only when the traffic before it was not suspicious on its own, else its first
// request), and replaces the level's rows in entity_score,
// entity_feature, cluster, cluster_member and cluster_edge in one transaction. analysis_run
// keeps every run with its config JSON. When the level's newest warehouse extract covers more
// entities than the case's records, the entities only the extract holds are scored and linked from
// its features (extract_population.h) and their reasons say so. Thread: the caller's; db must be a writer connection.
// Cancellation: progress returning false or *cancel becoming true ends with ErrorCode::Cancelled
// and leaves the previous results untouched.
#include "analysis/calibration.h"
#include "analysis/detector_config.h"
#include "store/database.h"
#include "store/entity_level.h"

#include <atomic>
#include <functional>
#include <string>

namespace siphon::analysis {

struct AnalysisProgress {
    std::string phase;     // "indexing", "scanning requests", "scanning buckets", "scoring", "linking", "writing"
    int64_t done = 0;      // rows (scan phases) or entities
    int64_t total = 0;     // 0 when unknown
};

struct AnalysisOptions {
    EntityLevel level = EntityLevel::Account;
    DetectorConfig config = defaultDetectorConfig();
    std::function<bool(const AnalysisProgress&)> progress;   // return false to cancel
    const std::atomic<bool>* cancel = nullptr;
};

struct AnalysisSummary {
    int64_t runId = 0;
    int64_t entities = 0;
    int64_t requests = 0;     // request rows scanned
    int64_t buckets = 0;      // usage buckets scanned
    int64_t flagged = 0;
    int64_t clusters = 0;
    int64_t flaggedClusters = 0;
    FlagThreshold threshold;   // the case's flag threshold and how it was set
    int64_t extractId = 0;         // the warehouse extract the population was completed from (0 = none)
    int64_t extractEntities = 0;   // entities scored from it (extract_population.h)
    double seconds = 0;
};

Result<AnalysisSummary> runAnalysis(store::Database& db, const AnalysisOptions& options);

} // namespace siphon::analysis
