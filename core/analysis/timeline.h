#pragma once
// An entity's timeline as rows for the CLI and exports: from the rollups for per-request data
// (1m from the minute cells; 1h and 1d from the hour cells, optionally split by model), or from
// usage_bucket rows at their true width when the entity only exists in aggregated data (never
// re-binned into fake requests). Thread: any, with a Database owned by that thread.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

struct TimelineRow {
    int64_t startUs = 0;
    int64_t widthUs = 0;
    std::string model;                 // "" when not split by model
    std::optional<int64_t> requests;   // nullopt: the source has no request count (Anthropic usage)
    int64_t inputTokens = 0, outputTokens = 0;
};

struct Timeline {
    std::string entity;
    EntityLevel level = EntityLevel::Account;
    std::string granularity;           // "request" (rollups) or "bucket" (usage_bucket)
    std::optional<int64_t> onsetUs;    // from entity_score, when analysed
    std::vector<TimelineRow> rows;     // sorted by start, then model
};

// bucketUs: 60e6, 3600e6 or 86400e6. byModel splits hour/day buckets by model.
Result<Timeline> loadTimeline(const store::Database& db, EntityLevel level, const std::string& entity, int64_t bucketUs,
                              bool byModel);

} // namespace siphon::analysis
