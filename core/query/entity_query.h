#pragma once
// Read-only queries over scored entities (entity_score) for the accounts table.
// When a level was never analysed, the same shapes are served from the rollup totals kept in
// `entity` (score 0, no reasons), so a freshly imported case is still browsable.
// Thread: any, with a Database owned by that thread. Errors: Database.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::query {

struct EntityRow {
    std::string entity;
    double score = 0;
    bool flagged = false;
    std::optional<int64_t> clusterId;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
    std::optional<int64_t> firstSeenUs, lastSeenUs, onsetUs;
    std::string reasons;   // sentences joined by "; "
};

enum class EntitySort { Entity, Score, Flagged, Cluster, Requests, InputTokens, OutputTokens, FirstSeen, LastSeen, Onset };

struct EntityIndexRequest {
    EntityLevel level = EntityLevel::Account;
    std::string filter;                 // case-insensitive substring of the id or the reasons
    EntitySort sort = EntitySort::Score;
    bool descending = true;
    bool flaggedOnly = false;
};

// True when analysis results exist for the level.
Result<bool> levelIsScored(const store::Database& db, EntityLevel level);

// Entity ids in display order (the model's row -> key index). 100k ids is a few MB.
Result<std::vector<std::string>> loadEntityIndex(const store::Database& db, const EntityIndexRequest& req);

// Rows for the given ids, in the order of ids; unknown ids are skipped.
Result<std::vector<EntityRow>> loadEntityRows(const store::Database& db, EntityLevel level,
                                              const std::vector<std::string>& ids);

// Entities seen on import that the level's analysis has not scored (imported after the last run,
// or the level never analysed): totals from the rollups, score 0 and no reasons (not a verdict).
// Most requests first.
Result<std::vector<EntityRow>> loadUnscoredEntityRows(const store::Database& db, EntityLevel level);

struct FeatureRow {
    std::string feature;
    std::optional<double> value;
    bool available = false;
    std::optional<double> baseline, robustZ;
    double contribution = 0;
    std::string sentence;
};

// Every feature of one entity, highest contribution first.
Result<std::vector<FeatureRow>> loadEntityFeatures(const store::Database& db, EntityLevel level,
                                                   const std::string& entity);

} // namespace siphon::query
