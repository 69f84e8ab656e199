#include "ingest/rollup_writer.h"

#include <algorithm>
#include <tuple>

namespace siphon::ingest {

namespace {
auto localOrder(const RollupDelta& d) { return std::tie(d.key.level, d.key.entity, d.key.bucket, d.key.model); }

void subtract(std::vector<RollupDelta>& sorted, const RollupKey& key, int64_t input, int64_t output) {
    RollupDelta probe{key, {}};
    auto it = std::lower_bound(sorted.begin(), sorted.end(), probe,
                               [](const RollupDelta& a, const RollupDelta& b) { return localOrder(a) < localOrder(b); });
    if (it == sorted.end() || !(it->key == key)) return;
    it->sums.requests -= 1;
    it->sums.input -= input;
    it->sums.output -= output;
}
} // namespace

Status RollupWriter::prepare() {
    const std::pair<store::Statement*, std::string_view> all[] = {
        {&insertEntity_, "INSERT INTO entity(level, name) VALUES(?1, ?2) ON CONFLICT(level, name) DO NOTHING"},
        {&findEntity_, "SELECT id FROM entity WHERE level = ?1 AND name = ?2"},
        {&insertModel_, "INSERT INTO model_name(name) VALUES(?1) ON CONFLICT(name) DO NOTHING"},
        {&findModel_, "SELECT id FROM model_name WHERE name = ?1"},
        {&upsertHour_,
         "INSERT INTO rollup_hour_by_id(entity_id, hour_us, model_id, requests, input_tokens, output_tokens)"
         " VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(entity_id, hour_us, model_id) DO UPDATE SET"
         " requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,"
         " output_tokens = output_tokens + excluded.output_tokens"},
        {&upsertMinute_,
         "INSERT INTO rollup_minute_by_id(entity_id, minute_us, requests, input_tokens, output_tokens)"
         " VALUES(?1,?2,?4,?5,?6) ON CONFLICT(entity_id, minute_us) DO UPDATE SET"
         " requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,"
         " output_tokens = output_tokens + excluded.output_tokens"},
    };
    for (const auto& [st, sql] : all) {
        auto r = db_.prepare(sql);
        if (!r) return r.error();
        *st = std::move(r.value());
    }
    return {};
}

void RollupWriter::addNames(std::vector<std::string>& names) {
    for (auto& n : names) names_.push_back(std::move(n));
    names.clear();
}

void RollupWriter::takeBack(const PendingRequest& p) {
    takeBacks_.push_back(TakeBack{p.rollupIds, RollupBuilder::hourOf(p.rec.tsStartUs),
                                  RollupBuilder::minuteOf(p.rec.tsStartUs), p.rec.inputTokens.value_or(0),
                                  p.rec.outputTokens.value_or(0)});
}

// level < 0: a model name (no level column).
Result<int64_t> RollupWriter::findOrInsert(store::Statement& insert, store::Statement& find, int level,
                                           const std::string& name) {
    auto bindKey = [&](store::Statement& st) {
        if (level >= 0) st.bind(1, level).bindStatic(2, name);
        else st.bindStatic(1, name);
    };
    bindKey(insert);
    Status s = insert.run();
    insert.reset();
    if (!s) return s.error();
    if (db_.changes() == 1) return db_.lastInsertRowId();
    bindKey(find);
    const bool found = find.step() == store::StepResult::Row;
    const int64_t id = found ? find.columnInt(0) : 0;
    find.reset();
    if (!found) return makeError(ErrorCode::Database, "rollup name vanished: " + name);
    return id;
}

Result<int64_t> RollupWriter::entityId(int level, int32_t local) {
    auto& ids = entityIds_[static_cast<size_t>(level)];
    if (ids.size() < names_.size()) ids.resize(names_.size(), 0);
    int64_t& id = ids[static_cast<size_t>(local)];
    if (id == 0) {
        auto r = findOrInsert(insertEntity_, findEntity_, level, names_[static_cast<size_t>(local)]);
        if (!r) return r.error();
        id = *r;
    }
    return id;
}

Result<int64_t> RollupWriter::modelId(int32_t local) {
    if (modelIds_.size() < names_.size()) modelIds_.resize(names_.size(), 0);
    int64_t& id = modelIds_[static_cast<size_t>(local)];
    if (id == 0) {
        auto r = findOrInsert(insertModel_, findModel_, -1, names_[static_cast<size_t>(local)]);
        if (!r) return r.error();
        id = *r;
    }
    return id;
}

void RollupWriter::applyTakeBacks(std::vector<RollupDelta>& hours, std::vector<RollupDelta>& minutes) {
    if (takeBacks_.empty()) return;
    auto byLocal = [](const RollupDelta& a, const RollupDelta& b) { return localOrder(a) < localOrder(b); };
    std::sort(hours.begin(), hours.end(), byLocal);
    std::sort(minutes.begin(), minutes.end(), byLocal);
    for (const TakeBack& t : takeBacks_) {
        for (int level = 0; level < 5; ++level) {
            const int32_t e = t.ids.entity[static_cast<size_t>(level)];
            if (e < 0) continue;
            subtract(hours, RollupKey{level, e, t.ids.model, t.hour}, t.input, t.output);
            subtract(minutes, RollupKey{level, e, 0, t.minute}, t.input, t.output);
        }
    }
    takeBacks_.clear();
}

Status RollupWriter::upsert(store::Statement& st, std::vector<Row>& rows, bool withModel) {
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.entity, a.bucket, a.model) < std::tie(b.entity, b.bucket, b.model);
    });
    for (const Row& r : rows) {
        st.bind(1, r.entity).bind(2, r.bucket);
        if (withModel) st.bind(3, r.model);
        st.bind(4, r.sums.requests).bind(5, r.sums.input).bind(6, r.sums.output);
        Status s = st.run();
        st.reset();
        if (!s) return s;
    }
    return {};
}

Status RollupWriter::write(std::vector<RollupDelta>& hours, std::vector<RollupDelta>& minutes) {
    applyTakeBacks(hours, minutes);
    std::vector<Row> rows;
    rows.reserve(std::max(hours.size(), minutes.size()));
    for (const RollupDelta& d : hours) {
        if (d.sums.requests == 0) continue;
        auto e = entityId(d.key.level, d.key.entity);
        if (!e) return e.error();
        auto m = modelId(d.key.model);
        if (!m) return m.error();
        rows.push_back(Row{*e, d.key.bucket, *m, d.sums});
    }
    if (Status s = upsert(upsertHour_, rows, true); !s) return s;
    rows.clear();
    for (const RollupDelta& d : minutes) {
        if (d.sums.requests == 0) continue;
        auto e = entityId(d.key.level, d.key.entity);
        if (!e) return e.error();
        rows.push_back(Row{*e, d.key.bucket, 0, d.sums});
    }
    return upsert(upsertMinute_, rows, false);
}

} // namespace siphon::ingest
