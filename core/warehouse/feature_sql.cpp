#include "warehouse/feature_sql.h"

#include "warehouse/feature_sql_blocks.h"

namespace siphon::warehouse {

const std::vector<std::string>& extractColumns() {
    static const std::vector<std::string> cols = {
        "entity", "requests", "input_tokens", "output_tokens", "cached_read_tokens", "cache_input_tokens",
        "first_us", "last_us", "dataset_start_us", "rate_limited", "batch_requests", "distinct_ips",
        "distinct_user_agents", "distinct_models", "active_days", "active_hours", "active_minutes", "gap_count",
        "early_output_tokens",
        // Feature values, as core/analysis/features names them.
        "volume", "output_input_ratio", "hour_of_week_entropy", "around_the_clock", "daily_volume_cv",
        "interarrival_cv", "rate_limit_pacing", "cache_reuse", "batch_share", "new_account_burst"};
    return cols;
}

const std::vector<std::string>& extractFeatureColumns() {
    static const std::vector<std::string> cols(extractColumns().end() - 10, extractColumns().end());
    return cols;
}

Result<FeatureSql> generateFeatureSql(const FeatureSqlOptions& o) {
    if (!isTableName(o.table))
        return makeError(ErrorCode::Usage, "table name must be NAME or SCHEMA.NAME (letters, digits, _): " + o.table);
    const WField entity = levelField(o.level);
    if (!o.mapping.has(entity))
        return makeError(ErrorCode::Usage, "the mapping has no column for the level's field " + std::string(wfieldName(entity)));
    if (!o.mapping.has(WField::Timestamp)) return makeError(ErrorCode::Usage, "the mapping has no timestamp column");
    const BlockContext ctx(o);
    FeatureSql out;
    out.featureQuery = finalSelect(ctx);
    out.sampleQuery = textSampleQuery(ctx, o.textSamplePerEntity);
    return out;
}

} // namespace siphon::warehouse
