// The outer SELECT: joins the blocks on the entity (one join per nested SELECT) and computes each
// feature the way core/analysis/features computes it, NULL where the app says "not available".
#include "warehouse/feature_sql_blocks.h"

namespace siphon::warehouse {

namespace {

std::string joined(const BlockContext& c) {
    const SqlDialect& d = c.d();
    std::string x = volumeBlock(c);
    int n = 0;
    for (const std::string& block : {hourOfWeekBlock(c), dailyBlock(c), minuteBlock(c), sequenceBlock(c)}) {
        const std::string a = "j" + std::to_string(n++);
        x = "SELECT * FROM (" + x + ") AS " + a + "l " + d.leftJoin() + " (" + block + ") AS " + a + "r USING (ent)";
    }
    return x;
}

struct Features {
    const SqlDialect& d;
    std::string f(const std::string& x) const { return d.dbl(x); }

    std::string volume() const {
        return "CASE WHEN output_tokens > 0 THEN " + f("output_tokens") + " WHEN requests > 0 THEN " + f("requests") + " END";
    }
    std::string ratio() const {
        return "CASE WHEN input_tokens > 0 AND output_tokens > 0 THEN " + f("output_tokens") + " / " + f("input_tokens") + " END";
    }
    std::string entropy() const {
        return "CASE WHEN requests >= 24 THEN " + d.log2(f("how_total")) + " - how_clogc / " + f("how_total") + " END";
    }
    // The first and last days are partial: judged on the days between when there are 4 or more.
    std::string aroundTheClock() const {
        return "CASE WHEN day_count >= 4 THEN " + f("full_days - first_full - last_full") + " / " + f("day_count - 2") +
               " WHEN day_count >= 2 THEN " + f("full_days") + " / " + f("day_count") + " END";
    }
    // Over the full days strictly between the first and the last, quiet days counting 0.
    std::string dailyCv() const {
        const std::string n = f("last_day - first_day - 1");
        const std::string mean = "(" + f("day_sum - first_c - last_c") + " / " + n + ")";
        const std::string sq = f("day_sumsq - first_c * first_c - last_c * last_c") + " / " + n;
        return "CASE WHEN day_count >= 2 AND last_day - first_day - 1 >= 5 THEN (CASE WHEN day_sum - first_c - last_c <= 0"
               " THEN 0.0 ELSE sqrt(" + d.greatest("0.0", sq + " - " + mean + " * " + mean) + ") / " + mean + " END) END";
    }
    std::string interarrivalCv() const {
        const std::string n = f("gap_count");
        const std::string s = f("gap_sum_us");
        const std::string var = "(gap_sumsq - " + s + " * " + s + " / " + n + ") / (" + n + " - 1)";
        return "CASE WHEN gap_count >= 20 THEN (CASE WHEN gap_sum_us > 0 THEN sqrt(" + d.greatest("0.0", var) + ") / (" +
               s + " / " + n + ") ELSE 0.0 END) END";
    }
    std::string pacing() const {
        return "CASE WHEN minute_count >= 30 THEN (CASE WHEN p95 < 5 THEN 0.0 ELSE " + f("near_minutes") + " / " +
               f("minute_count") + " END) END";
    }
    std::string cacheReuse() const {
        return "CASE WHEN cache_rows > 0 AND cache_input_tokens > 0 THEN " +
               d.least("1.0", f("cached_read_tokens") + " / " + f("cache_input_tokens")) + " END";
    }
    std::string batchShare() const {
        return "CASE WHEN endpoint_rows > 0 AND requests > 0 THEN " +
               d.least("1.0", f("batch_requests") + " / " + f("requests")) + " END";
    }
    std::string newAccountBurst() const {
        return "CASE WHEN first_us > dataset_start_us + 86400000000 THEN " + d.greatest("1.0", f("early_output_tokens")) +
               " END";
    }
};

} // namespace

std::string finalSelect(const BlockContext& c) {
    const Features ft{c.d()};
    return "SELECT ent AS entity, requests, input_tokens, output_tokens, cached_read_tokens, cache_input_tokens,"
           " first_us, last_us, dataset_start_us, rate_limited, batch_requests, distinct_ips, distinct_user_agents,"
           " distinct_models, active_days, active_hours, active_minutes, gap_count, early_output_tokens,\n  " +
           ft.volume() + " AS volume,\n  " + ft.ratio() + " AS output_input_ratio,\n  " + ft.entropy() +
           " AS hour_of_week_entropy,\n  " + ft.aroundTheClock() + " AS around_the_clock,\n  " + ft.dailyCv() +
           " AS daily_volume_cv,\n  " + ft.interarrivalCv() + " AS interarrival_cv,\n  " + ft.pacing() +
           " AS rate_limit_pacing,\n  " + ft.cacheReuse() + " AS cache_reuse,\n  " + ft.batchShare() +
           " AS batch_share,\n  " + ft.newAccountBurst() + " AS new_account_burst\nFROM (" + joined(c) +
           ") AS x\nORDER BY entity";
}

// A bounded sample of each entity's prompts, earliest first, for the text features.
std::string textSampleQuery(const BlockContext& c, int perEntity) {
    const SqlDialect& d = c.d();
    if (!c.options().mapping.has(WField::Prompt)) return {};
    const std::string ent = c.col(levelField(c.options().level));
    const std::string ts = d.epochMicros(d.quote(c.options().mapping[WField::Timestamp]), c.options().mapping.timeUnit);
    const std::string prompt = c.col(WField::Prompt);
    const std::string from = " FROM " + d.table(c.options().table) + " WHERE " + ent + " IS NOT NULL AND " + ent +
                             " <> '' AND " + prompt + " IS NOT NULL AND " + prompt + " <> ''";
    const std::string n = std::to_string(perEntity);
    if (d.engine() == Engine::ClickHouse)
        return "SELECT " + ent + " AS entity, " + ts + " AS ts, " + prompt + " AS prompt" + from +
               " ORDER BY entity, ts LIMIT " + n + " BY entity";
    return "SELECT entity, ts, prompt FROM (SELECT " + ent + " AS entity, " + ts + " AS ts, " + prompt +
           " AS prompt, ROW_NUMBER() OVER (PARTITION BY " + ent + " ORDER BY " + ts + ") AS rn" + from +
           ") AS s WHERE rn <= " + n + " ORDER BY entity, ts";
}

} // namespace siphon::warehouse
