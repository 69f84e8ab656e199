#pragma once
// Writes one analysis run: inserts analysis_run, replaces the level's rows in entity_score,
// entity_feature, cluster, cluster_member and cluster_edge, all in one transaction.
#include "analysis/entity_profile.h"
#include "analysis/linking.h"
#include "analysis/scorer.h"
#include "store/database.h"
#include "store/entity_level.h"

#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

struct EntityOutput {
    const EntityProfile* profile = nullptr;
    const ScoreResult* score = nullptr;
    int cluster = -1;                 // index into the clusters, or -1
    std::optional<int64_t> onsetUs;
};

struct ClusterOutput {
    LinkCluster link;
    ScoreResult score;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
};

struct RunInfo {
    EntityLevel level = EntityLevel::Account;
    int64_t startedAtUs = 0;
    std::string configVersion, configJson;
    int64_t requests = 0;
};

// Returns the analysis_run id.
Result<int64_t> writeResults(store::Database& db, const RunInfo& run, const std::vector<EntityOutput>& entities,
                             const std::vector<ClusterOutput>& clusters);

} // namespace siphon::analysis
