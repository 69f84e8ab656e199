#include "warehouse/feature_sql_blocks.h"

namespace siphon::warehouse {

namespace {
constexpr int64_t kMinuteUs = 60'000'000LL;
constexpr int64_t kHourUs = 3'600'000'000LL;
constexpr int64_t kDayUs = 86'400'000'000LL;
constexpr const char* kDayPack = "4294967296";   // day * 2^32 + count: first/last day's count via MIN/MAX

std::string sumIf(const std::string& cond, const std::string& value) {
    return "SUM(CASE WHEN " + cond + " THEN " + value + " ELSE 0 END)";
}
} // namespace

BlockContext::BlockContext(const FeatureSqlOptions& o) : o_(o), dialect_(o.engine) {
    const std::string ent = col(levelField(o.level));
    const std::string ts = dialect_.epochMicros(dialect_.quote(o.mapping[WField::Timestamp]), o.mapping.timeUnit);
    precisionUs_ = SqlDialect::precisionMicros(o.engine, o.mapping.timeUnit);
    // ClickHouse 18.16 cannot JOIN on a Nullable key; the WHERE below has removed the NULLs.
    const std::string entKey = o.engine == Engine::ClickHouse ? "assumeNotNull(" + ent + ")" : ent;
    events_ = "(SELECT " + entKey + " AS ent, " + ts + " AS ts, " + col(WField::InputTokens) + " AS itok, " +
              col(WField::OutputTokens) + " AS otok, " + col(WField::CachedTokens) + " AS ctok, " + col(WField::Status) +
              " AS st, " + col(WField::Endpoint) + " AS ep, " + col(WField::SourceIp) + " AS ip, " +
              col(WField::UserAgent) + " AS ua, " + col(WField::Model) + " AS mdl FROM " + dialect_.table(o.table) +
              " WHERE " + ent + " IS NOT NULL AND " + ent + " <> '') AS ev";
    tsAll_ = "(SELECT MIN(" + ts + ") FROM " + dialect_.table(o.table) + ")";
}

std::string BlockContext::col(WField f) const {
    if (!o_.mapping.has(f)) {
        const bool text = f == WField::Endpoint || f == WField::SourceIp || f == WField::UserAgent || f == WField::Model ||
                          f == WField::Prompt;
        return text ? dialect_.nullText() : dialect_.nullInt();
    }
    return dialect_.quote(o_.mapping[f]);
}

std::string volumeBlock(const BlockContext& c) {
    const SqlDialect& d = c.d();
    std::string batch = "1 = 0";
    for (const auto& m : c.options().batchEndpointMarkers)
        if (!m.empty()) batch += " OR " + d.contains("lower(ep)", m);
    auto distinct = [&](const char* x) { return "COUNT(DISTINCT " + d.nullIfEmpty(x) + ")"; };
    return "SELECT ent, COUNT(*) AS requests, COALESCE(SUM(itok), 0) AS input_tokens,"
           " COALESCE(SUM(otok), 0) AS output_tokens, COALESCE(SUM(ctok), 0) AS cached_read_tokens,"
           " " + sumIf("ctok IS NOT NULL", "COALESCE(itok, 0)") + " AS cache_input_tokens, COUNT(ctok) AS cache_rows,"
           " MIN(ts) AS first_us, MAX(ts) AS last_us, " + c.tsAll() + " AS dataset_start_us,"
           " " + sumIf("st = 429", "1") + " AS rate_limited, " + sumIf("ep IS NOT NULL AND (" + batch + ")", "1") +
           " AS batch_requests, COUNT(" + d.nullIfEmpty("ep") + ") AS endpoint_rows, " + distinct("ip") +
           " AS distinct_ips, " + distinct("ua") + " AS distinct_user_agents, " + distinct("mdl") + " AS distinct_models,"
           " COUNT(DISTINCT " + d.idiv("ts", kDayUs) + ") AS active_days, COUNT(DISTINCT " + d.idiv("ts", kHourUs) +
           ") AS active_hours, COUNT(DISTINCT " + d.idiv("ts", kMinuteUs) + ") AS active_minutes FROM " + c.events() +
           d.groupBy({"ent"});
}

// Entropy without window functions: H = log2(T) - sum(c log2 c) / T over the 168 bins.
std::string hourOfWeekBlock(const BlockContext& c) {
    const SqlDialect& d = c.d();
    const std::string day = d.idiv("ts", kDayUs);
    const std::string how = d.mod(day + " + 3", 7) + " * 24 + (" + d.idiv("ts", kHourUs) + " - " + day + " * 24)";
    const std::string inner = "SELECT ent, " + how + " AS how, COUNT(*) AS c FROM " + c.events() + d.groupBy({"ent", "how"});
    return "SELECT ent, SUM(c) AS how_total, SUM(" + d.dbl("c") + " * " + d.log2(d.dbl("c")) + ") AS how_clogc FROM (" +
           inner + ") AS hw" + d.groupBy({"ent"});
}

// Per day: requests and distinct active hours; the first and last day's values come back through
// MIN/MAX of a packed (day, value), so no window function or self-join is needed.
std::string dailyBlock(const BlockContext& c) {
    const SqlDialect& d = c.d();
    const std::string inner = "SELECT ent, " + d.idiv("ts", kDayUs) + " AS dd, COUNT(*) AS c, COUNT(DISTINCT " +
                              d.idiv("ts", kHourUs) + ") AS h FROM " + c.events() + d.groupBy({"ent", "dd"});
    const std::string full = "(CASE WHEN h >= 20 THEN 1 ELSE 0 END)";
    return std::string("SELECT ent, COUNT(*) AS day_count, MIN(dd) AS first_day, MAX(dd) AS last_day,") +
           " SUM" + full + " AS full_days, MIN(dd * 2 + " + full + ") - 2 * MIN(dd) AS first_full," +
           " MAX(dd * 2 + " + full + ") - 2 * MAX(dd) AS last_full, SUM(c) AS day_sum, SUM(c * c) AS day_sumsq," +
           " MIN(dd * " + kDayPack + " + c) - " + kDayPack + " * MIN(dd) AS first_c, MAX(dd * " + kDayPack + " + c) - " +
           kDayPack + " * MAX(dd) AS last_c FROM (" + inner + ") AS dy" + d.groupBy({"ent"});
}

// Requests per active minute, their 95th percentile (element floor(0.95 n) of the sorted counts,
// as the app takes it) and the minutes within 10% of it.
std::string minuteBlock(const BlockContext& c) {
    const SqlDialect& d = c.d();
    const std::string perMinute = "SELECT ent, " + d.idiv("ts", kMinuteUs) + " AS mm, COUNT(*) AS c FROM " + c.events() +
                                  d.groupBy({"ent", "mm"});
    if (!d.hasWindowFunctions()) {
        const std::string arrays = "SELECT ent, groupArray(c) AS cs, quantileExact(0.95)(c) AS p95 FROM (" + perMinute +
                                   ") AS pm GROUP BY ent";
        // 18.16's lambdas cannot capture a column: p95 comes in as a second array (replicate).
        return "SELECT ent, length(cs) AS minute_count, p95, length(arrayFilter((x, p) -> x >= 0.9 * p, cs,"
               " replicate(p95, cs))) AS near_minutes FROM (" + arrays + ") AS ma";
    }
    const std::string ranked = "SELECT ent, c, ROW_NUMBER() OVER (PARTITION BY ent ORDER BY c) AS rn,"
                               " COUNT(*) OVER (PARTITION BY ent) AS n FROM (" + perMinute + ") AS pm";
    const std::string k = d.least("n - 1", "FLOOR(" + d.dbl("0.95") + " * n)");
    const std::string withP95 = "SELECT ent, c, MAX(CASE WHEN rn - 1 = " + k +
                                " THEN c END) OVER (PARTITION BY ent) AS p95 FROM (" + ranked + ") AS rk";
    return "SELECT ent, COUNT(*) AS minute_count, MAX(p95) AS p95, " +
           sumIf(d.dbl("c") + " >= " + d.dbl("0.9") + " * p95", "1") + " AS near_minutes FROM (" + withP95 + ") AS wp" +
           d.groupBy({"ent"});
}

// Inter-arrival gaps in [precision, 1 h) (sum and sum of squares, exact in microseconds) and
// output tokens in the first 72 h after the entity's first request.
std::string sequenceBlock(const BlockContext& c) {
    const SqlDialect& d = c.d();
    const std::string p = std::to_string(c.precisionUs());
    const std::string early = std::to_string(3 * kDayUs);
    if (!d.hasWindowFunctions()) {
        const std::string pairs = "SELECT ent, MIN(ts) AS f, groupArray((ts, COALESCE(otok, 0))) AS pr FROM " +
                                  c.events() + " GROUP BY ent";
        const std::string gaps = "SELECT ent, arrayFilter(x -> x >= " + p + " AND x < " + std::to_string(kHourUs) +
                                 ", arrayDifference(arraySort(arrayMap(q -> tupleElement(q, 1), pr)))) AS gaps,"
                                 " arraySum(arrayMap((q, first) -> if(tupleElement(q, 1) < first + " + early +
                                 ", tupleElement(q, 2), 0), pr, replicate(f, pr))) AS early_output_tokens FROM (" +
                                 pairs + ") AS sp";
        return "SELECT ent, length(gaps) AS gap_count, arraySum(gaps) AS gap_sum_us,"
               " arraySum(arrayMap(x -> toFloat64(x) * x, gaps)) AS gap_sumsq, early_output_tokens FROM (" + gaps +
               ") AS sg";
    }
    const std::string seq = "SELECT ent, ts, otok, ts - LAG(ts) OVER (PARTITION BY ent ORDER BY ts) AS gu,"
                            " MIN(ts) OVER (PARTITION BY ent) AS f FROM " + c.events();
    const std::string ok = "gu >= " + p + " AND gu < " + std::to_string(kHourUs);
    return "SELECT ent, " + sumIf(ok, "1") + " AS gap_count, " + sumIf(ok, "gu") + " AS gap_sum_us, " +
           sumIf(ok, d.dbl("gu") + " * " + d.dbl("gu")) + " AS gap_sumsq, " +
           sumIf("ts < f + " + early, "COALESCE(otok, 0)") + " AS early_output_tokens FROM (" + seq + ") AS sq" +
           d.groupBy({"ent"});
}

} // namespace siphon::warehouse
