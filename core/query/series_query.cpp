#include "query/series_query.h"

#include "query/sql_util.h"
#include "store/rollup_reader.h"
#include "util/saturating.h"

#include <algorithm>
#include <map>

namespace siphon::query {
namespace {
using store::StepResult;

int64_t floorDiv(int64_t a, int64_t b) { return (a >= 0 ? a : a - b + 1) / b * b; }
} // namespace

int64_t chooseBucketUs(int64_t spanUs, int plotWidthPx) {
    static constexpr int64_t kSteps[] = {kMinuteUs, 5 * kMinuteUs, 15 * kMinuteUs, kHourUs, 3 * kHourUs,
                                         6 * kHourUs, 12 * kHourUs, kDayUs, 7 * kDayUs};
    const int64_t maxBuckets = std::max(plotWidthPx / 2, 10);
    for (int64_t b : kSteps)
        if (spanUs / b <= maxBuckets) return b;
    return 7 * kDayUs;
}

namespace {

// The distinct known entities of the request (as SQL's IN (...) would match them), capped.
Result<std::vector<store::RollupEntity>> findEntities(store::RollupReader& reader, EntityLevel level,
                                                      const std::vector<std::string>& names) {
    const size_t n = std::min(names.size(), detail::kMaxInList);
    std::vector<std::string> distinct(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(n));
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<store::RollupEntity> out;
    for (const std::string& name : distinct) {
        auto e = reader.find(level, name);
        if (!e) return e.error();
        if (*e) out.push_back(std::move(**e));
    }
    return out;
}

void add(SeriesBucket& b, int64_t requests, int64_t input, int64_t output) {
    addSaturating(b.requests, requests);
    addSaturating(b.inputTokens, input);
    addSaturating(b.outputTokens, output);
}

} // namespace

Result<SeriesResult> loadSeries(const store::Database& db, const SeriesRequest& req) {
    if (req.bucketUs < kMinuteUs || req.bucketUs % kMinuteUs != 0)
        return makeError(ErrorCode::Usage, "bucket must be a whole number of minutes");
    SeriesResult out;
    out.bucketUs = req.bucketUs;
    if (req.entities.empty()) return out;
    const bool hourly = req.bucketUs >= kHourUs && req.bucketUs % kHourUs == 0;
    out.byModel = hourly && req.split == SeriesSplit::ByModel;

    store::RollupReader reader(db);
    auto entities = findEntities(reader, req.level, req.entities);
    if (!entities) return entities.error();
    // Series name -> bucket start -> sums. Buckets start at multiples of the width (truncating
    // division, as the SQL this replaces did); the range starts at the bucket holding `from`.
    std::map<std::string, std::map<int64_t, SeriesBucket>> byName;
    const int64_t from = floorDiv(req.fromUs, req.bucketUs);
    for (const store::RollupEntity& e : *entities) {
        Status s;
        if (hourly) {
            std::map<int64_t, SeriesBucket>* entitySeries = out.byModel ? nullptr : &byName[e.name];
            s = reader.hours(
                e,
                [&](int64_t hourUs, const store::HourCell& c) {
                    std::map<int64_t, SeriesBucket>* series = entitySeries;
                    if (!series) {
                        auto name = reader.modelName(c.model);
                        series = &byName[name ? *name : std::string()];
                    }
                    const int64_t b = hourUs / req.bucketUs * req.bucketUs;
                    add((*series)[b], c.requests, c.inputTokens, c.outputTokens);
                },
                from, req.toUs);
        } else {
            auto& series = byName[e.name];   // no model split below an hour
            s = reader.minutes(
                e,
                [&](int64_t minuteUs, const store::MinuteCell& c) {
                    const int64_t b = minuteUs / req.bucketUs * req.bucketUs;
                    add(series[b], c.requests, c.inputTokens, c.outputTokens);
                },
                from, req.toUs);
        }
        if (!s) return s.error();
    }
    for (auto& [name, buckets] : byName) {
        if (buckets.empty()) continue;
        Series s;
        s.name = name;
        for (auto& [start, b] : buckets) {
            b.startUs = start;
            s.buckets.push_back(b);
        }
        out.series.push_back(std::move(s));
    }
    auto total = [](const Series& s) {
        int64_t t = 0;
        for (const auto& b : s.buckets) addSaturating(t, b.requests);
        return t;
    };
    std::stable_sort(out.series.begin(), out.series.end(),
                     [&](const Series& a, const Series& b) { return total(a) > total(b); });
    if (!out.byModel && req.split == SeriesSplit::ByModel && !out.series.empty()) out.series[0].name = "all models";
    return out;
}

Result<std::optional<TimeExtent>> loadExtent(const store::Database& db, EntityLevel level,
                                             const std::vector<std::string>& entities) {
    if (entities.empty()) return std::optional<TimeExtent>{};
    const size_t n = std::min(entities.size(), detail::kMaxInList);
    // Kept per entity on import (store/rollup_reader.h): no rollup is read.
    auto st = db.prepare("SELECT min(first_hour_us), max(last_hour_us) FROM entity WHERE level = ? AND requests > 0"
                         " AND name IN (" + detail::placeholders(n) + ")");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level));
    for (size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 2), entities[i]);
    if (st->step() != StepResult::Row) return db.lastError("extent");
    if (st->columnIsNull(0)) return std::optional<TimeExtent>{};
    return std::optional<TimeExtent>{TimeExtent{st->columnInt(0), st->columnInt(1) + kHourUs}};
}

Result<std::vector<HourCount>> loadHourly(const store::Database& db, EntityLevel level, const std::string& entity) {
    store::RollupReader reader(db);
    auto e = reader.find(level, entity);
    if (!e) return e.error();
    std::vector<HourCount> out;
    if (!*e) return out;
    // Cells come in hour order, split by model: sum the models of each hour.
    Status s = reader.hours(**e, [&](int64_t hourUs, const store::HourCell& c) {
        if (out.empty() || out.back().hourUs != hourUs) out.push_back({hourUs, 0, 0});
        addSaturating(out.back().requests, c.requests);
        addSaturating(out.back().outputTokens, c.outputTokens);
    });
    if (!s) return s.error();
    return out;
}

} // namespace siphon::query
