#include "analysis/timeline.h"

#include "store/rollup_reader.h"
#include "util/saturating.h"

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

// Aggregated data keeps its true bucket width; rows of the same bucket (other dimensions) are
// summed here, saturating, because SQL sum() fails on an int64 overflow that plausible buckets
// (10^15 tokens each) can reach.
Status loadBucketRows(const store::Database& db, const std::string& col, const std::string& entity, bool byModel,
                      std::vector<TimelineRow>& rows) {
    const std::string sql = std::string("SELECT bucket_start_us, bucket_end_us - bucket_start_us, ") +
                            (byModel ? "coalesce(model, '')" : "''") +
                            " AS m, num_requests, input_tokens, output_tokens FROM usage_bucket WHERE " + col +
                            " = ?1 AND is_empty = 0 ORDER BY bucket_start_us, bucket_end_us, m";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, entity);
    store::StepResult r;
    bool countsKnown = true;   // of the bucket being summed: every row states num_requests
    while ((r = st->step()) == store::StepResult::Row) {
        const int64_t start = st->columnInt(0), width = st->columnInt(1);
        std::string model = st->columnText(2);
        const auto requests = st->columnOptInt(3);
        if (rows.empty() || rows.back().startUs != start || rows.back().widthUs != width || rows.back().model != model) {
            rows.push_back({start, width, std::move(model), 0, 0, 0});
            countsKnown = true;
        }
        TimelineRow& row = rows.back();
        countsKnown = countsKnown && requests.has_value();
        row.requests = countsKnown ? std::optional(saturatingAdd(row.requests.value_or(0), requests.value_or(0))) : std::nullopt;
        addSaturating(row.inputTokens, st->columnInt(4));
        addSaturating(row.outputTokens, st->columnInt(5));
    }
    if (r == store::StepResult::Error) return db.lastError("timeline buckets");
    return {};
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
                row.requests = saturatingAdd(row.requests.value_or(0), c.requests);
                addSaturating(row.inputTokens, c.inputTokens);
                addSaturating(row.outputTokens, c.outputTokens);
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
    if (Status s = loadBucketRows(db, col, entity, byModel, t.rows); !s) return s.error();
    return t;
}

} // namespace siphon::analysis
