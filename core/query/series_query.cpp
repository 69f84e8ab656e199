#include "query/series_query.h"

#include "query/sql_util.h"

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

Result<SeriesResult> loadSeries(const store::Database& db, const SeriesRequest& req) {
    if (req.bucketUs < kMinuteUs || req.bucketUs % kMinuteUs != 0)
        return makeError(ErrorCode::Usage, "bucket must be a whole number of minutes");
    SeriesResult out;
    out.bucketUs = req.bucketUs;
    if (req.entities.empty()) return out;
    const bool hourly = req.bucketUs >= kHourUs && req.bucketUs % kHourUs == 0;
    out.byModel = hourly && req.split == SeriesSplit::ByModel;
    const size_t n = std::min(req.entities.size(), detail::kMaxInList);

    // ?1 bucket, ?2 level, ?3 from, ?4 to, then the entity list. Integer division floors
    // because timestamps after 1970 are positive.
    std::string sql = "SELECT (t / ?1) * ?1 AS b, ";
    sql += out.byModel ? "model" : "entity";
    sql += ", sum(requests), sum(input_tokens), sum(output_tokens) FROM (SELECT ";
    sql += hourly ? "hour_us AS t, model, entity, requests, input_tokens, output_tokens FROM rollup_hour"
                  : "minute_us AS t, '' AS model, entity, requests, input_tokens, output_tokens FROM rollup_minute";
    sql += " WHERE level = ?2 AND ";
    sql += hourly ? "hour_us" : "minute_us";
    sql += " >= ?3 AND ";
    sql += hourly ? "hour_us" : "minute_us";
    sql += " < ?4 AND entity IN (" + detail::placeholders(n) + ")) GROUP BY 1, 2 ORDER BY 2, 1";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, req.bucketUs).bind(2, static_cast<int>(req.level));
    st->bind(3, floorDiv(req.fromUs, req.bucketUs)).bind(4, req.toUs);
    for (size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 5), req.entities[i]);

    std::map<std::string, Series> byName;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) {
        auto name = st->columnText(1);
        auto& s = byName[name];
        s.name = name;
        s.buckets.push_back({st->columnInt(0), st->columnInt(2), st->columnInt(3), st->columnInt(4)});
    }
    if (r == StepResult::Error) return db.lastError("series");
    for (auto& [name, s] : byName) out.series.push_back(std::move(s));
    auto total = [](const Series& s) {
        int64_t t = 0;
        for (const auto& b : s.buckets) t += b.requests;
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
    auto st = db.prepare("SELECT min(hour_us), max(hour_us) FROM rollup_hour WHERE level = ? AND entity IN (" +
                         detail::placeholders(n) + ")");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level));
    for (size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 2), entities[i]);
    if (st->step() != StepResult::Row) return db.lastError("extent");
    if (st->columnIsNull(0)) return std::optional<TimeExtent>{};
    return std::optional<TimeExtent>{TimeExtent{st->columnInt(0), st->columnInt(1) + kHourUs}};
}

Result<std::vector<HourCount>> loadHourly(const store::Database& db, EntityLevel level, const std::string& entity) {
    auto st = db.prepare("SELECT hour_us, sum(requests), sum(output_tokens) FROM rollup_hour"
                         " WHERE level = ? AND entity = ? GROUP BY hour_us ORDER BY hour_us");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level)).bind(2, entity);
    std::vector<HourCount> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back({st->columnInt(0), st->columnInt(1), st->columnInt(2)});
    if (r == StepResult::Error) return db.lastError("hourly");
    return out;
}

} // namespace siphon::query
