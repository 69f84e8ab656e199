#include "analysis/timeline.h"

#include "store/rollup_reader.h"

#include <map>
#include <utility>

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
    store::RollupReader reader(db);
    auto found = reader.find(level, entity);
    if (!found) return found.error();
    if (*found) {
        Status s;
        if (bucketUs == 60'000'000) {
            s = reader.minutes(**found, [&](int64_t minuteUs, const store::MinuteCell& c) {
                t.rows.push_back({minuteUs, bucketUs, "", c.requests, c.inputTokens, c.outputTokens});
            });
        } else {
            // (bucket start, model name) -> sums; hours and days both divide the epoch evenly in UTC.
            std::map<std::pair<int64_t, std::string>, TimelineRow> buckets;
            Status named;
            s = reader.hours(**found, [&](int64_t hourUs, const store::HourCell& c) {
                std::string model;
                if (byModel) {
                    auto name = reader.modelName(c.model);
                    if (!name) named = name.error();
                    else model = std::move(*name);
                }
                auto& row = buckets[{hourUs / bucketUs * bucketUs, model}];
                row.requests = row.requests.value_or(0) + c.requests;
                row.inputTokens += c.inputTokens;
                row.outputTokens += c.outputTokens;
            });
            if (s && !named) s = named;
            for (auto& [key, row] : buckets) {
                row.startUs = key.first;
                row.widthUs = bucketUs;
                row.model = key.second;
                t.rows.push_back(std::move(row));
            }
        }
        if (!s) return s.error();
    }
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
    store::StepResult r;
    while ((r = sb->step()) == store::StepResult::Row)
        t.rows.push_back({sb->columnInt(0), sb->columnInt(1), sb->columnText(2), sb->columnOptInt(3), sb->columnInt(4),
                          sb->columnInt(5)});
    if (r == store::StepResult::Error) return db.lastError("timeline buckets");
    return t;
}

} // namespace siphon::analysis
