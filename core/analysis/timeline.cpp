#include "analysis/timeline.h"

namespace siphon::analysis {

namespace {

const char* bucketColumn(EntityLevel level) {
    switch (level) {
    case EntityLevel::Account: return "org_id";
    case EntityLevel::Project: return "project_id";
    case EntityLevel::Key: return "api_key_id";
    case EntityLevel::User: return "user_id";
    case EntityLevel::Ip: return nullptr;
    }
    return nullptr;
}

} // namespace

Result<Timeline> loadTimeline(const store::Database& db, EntityLevel level, const std::string& entity, int64_t bucketUs,
                              bool byModel) {
    if (bucketUs != 60'000'000 && bucketUs != 3'600'000'000LL && bucketUs != 86'400'000'000LL)
        return makeError(ErrorCode::Usage, "bucket must be 1m, 1h or 1d");
    Timeline t;
    t.entity = entity;
    t.level = level;
    t.granularity = "request";
    {
        auto st = db.prepare("SELECT onset_us FROM entity_score WHERE level = ?1 AND entity = ?2");
        if (!st) return st.error();
        st->bind(1, static_cast<int>(level)).bind(2, entity);
        if (st->step() == store::StepResult::Row) t.onsetUs = st->columnOptInt(0);
    }
    std::string sql;
    if (bucketUs == 60'000'000) {
        sql = "SELECT minute_us, '', requests, input_tokens, output_tokens FROM rollup_minute"
              " WHERE level = ?1 AND entity = ?2 ORDER BY minute_us";
    } else {
        // Floor to the bucket (hours and days both divide the epoch evenly in UTC).
        const std::string start = "(hour_us / ?3) * ?3";
        sql = "SELECT " + start + " AS b, " + (byModel ? "model" : "''") +
              " AS m, sum(requests), sum(input_tokens), sum(output_tokens) FROM rollup_hour"
              " WHERE level = ?1 AND entity = ?2 GROUP BY b, m ORDER BY b, m";
    }
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level)).bind(2, entity);
    if (bucketUs != 60'000'000) st->bind(3, bucketUs);
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row)
        t.rows.push_back({st->columnInt(0), bucketUs, st->columnText(1), st->columnInt(2), st->columnInt(3), st->columnInt(4)});
    if (r == store::StepResult::Error) return db.lastError("timeline");
    if (!t.rows.empty()) return t;

    const char* col = bucketColumn(level);
    if (!col) return t;
    t.granularity = "bucket";
    // Aggregated data keeps its true bucket width; rows of the same bucket (other dimensions) are summed.
    const std::string c(col);
    const std::string sqlB = std::string("SELECT bucket_start_us, bucket_end_us - bucket_start_us, ") +
                             (byModel ? "coalesce(model, '')" : "''") +
                             " AS m, CASE WHEN count(num_requests) = count(*) THEN sum(num_requests) END,"
                             " sum(input_tokens), sum(output_tokens) FROM usage_bucket WHERE " + c +
                             " = ?1 AND is_empty = 0 GROUP BY bucket_start_us, bucket_end_us, m"
                             " ORDER BY bucket_start_us, m";
    auto sb = db.prepare(sqlB);
    if (!sb) return sb.error();
    sb->bind(1, entity);
    while ((r = sb->step()) == store::StepResult::Row)
        t.rows.push_back({sb->columnInt(0), sb->columnInt(1), sb->columnText(2), sb->columnOptInt(3), sb->columnInt(4),
                          sb->columnInt(5)});
    if (r == store::StepResult::Error) return db.lastError("timeline buckets");
    return t;
}

} // namespace siphon::analysis
