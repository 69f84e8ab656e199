#pragma once
// Time series for timelines and heatmaps, summed from the packed rollups (never from request).
// Buckets >= 1 h come from the hour cells (split by model); smaller buckets from the minute cells (no
// model split). Series are sparse: only non-empty buckets, sorted by start.
// Thread: any, with a Database owned by that thread. Errors: Database, Usage.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::query {

constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kHourUs = 60 * kMinuteUs;
constexpr int64_t kDayUs = 24 * kHourUs;

struct SeriesBucket {
    int64_t startUs = 0;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
};

struct Series {
    std::string name;   // model (split by model) or entity (overlay)
    std::vector<SeriesBucket> buckets;
};

enum class SeriesSplit { ByModel, ByEntity };

struct SeriesRequest {
    EntityLevel level = EntityLevel::Account;
    std::vector<std::string> entities;    // one entity, or several to overlay
    int64_t fromUs = 0, toUs = 0;         // half-open [from, to)
    int64_t bucketUs = kHourUs;           // multiple of a minute; >= 1 h uses the hour rollup
    SeriesSplit split = SeriesSplit::ByModel;
};

struct SeriesResult {
    int64_t bucketUs = 0;
    bool byModel = false;                 // false when the minute rollup (no model) was used
    std::vector<Series> series;           // ordered by total requests, largest first
};

Result<SeriesResult> loadSeries(const store::Database& db, const SeriesRequest& req);

struct TimeExtent {
    int64_t firstUs = 0, lastUs = 0;      // first hour start, end of last hour
};

// Activity extent of the entities, from their rollup totals; nullopt when they have no activity.
Result<std::optional<TimeExtent>> loadExtent(const store::Database& db, EntityLevel level,
                                             const std::vector<std::string>& entities);

struct HourCount {
    int64_t hourUs = 0;
    int64_t requests = 0, outputTokens = 0;
};

// Hourly totals (all models) of one entity, sorted by hour: the heatmap's input.
Result<std::vector<HourCount>> loadHourly(const store::Database& db, EntityLevel level, const std::string& entity);

// The bucket a timeline should use for a visible span and plot width (about 2 px per bucket):
// one of 1m, 5m, 15m, 1h, 3h, 6h, 12h, 1d, 7d.
int64_t chooseBucketUs(int64_t spanUs, int plotWidthPx);

} // namespace siphon::query
