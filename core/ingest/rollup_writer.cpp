#include "ingest/rollup_writer.h"

#include "ingest/rollup_merge_function.h"
#include "store/rollup_time.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace siphon::ingest {

namespace {

using namespace store::rollup_time;

// The order RollupBuilder sorts packs in.
auto packKey(const RollupPack& p) { return std::tuple(p.dayUs, p.entity, p.level); }

Status runOnce(store::Statement& st) {
    Status s = st.run();
    st.reset();
    return s;
}

void subtract(RollupSums& s, int64_t input, int64_t output) {
    s.requests -= 1;
    s.input -= input;
    s.output -= output;
}

// Takes requests back out of an encoded minutes blob (written by this import, so it decodes).
void subtractMinutes(std::string& blob, std::span<const store::MinuteCell> takes) {
    std::vector<store::MinuteCell> cells;
    if (!store::decodeMinutes(blob, cells)) return;
    for (const store::MinuteCell& t : takes) {
        auto it = std::lower_bound(cells.begin(), cells.end(), t.minute,
                                   [](const store::MinuteCell& c, int32_t m) { return c.minute < m; });
        if (it == cells.end() || it->minute != t.minute) continue;
        it->requests -= t.requests;
        it->inputTokens -= t.inputTokens;
        it->outputTokens -= t.outputTokens;
    }
    blob.clear();
    store::encodeMinutes(cells, blob);   // leaves out minutes left with no request
}

} // namespace

Status RollupWriter::prepare() {
    if (Status s = registerRollupMergeFunctions(db_); !s) return s;
    const std::pair<store::Statement*, std::string_view> all[] = {
        {&insertEntity_,
         "INSERT INTO entity(level, name, requests, input_tokens, output_tokens, first_hour_us, last_hour_us)"
         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(level, name) DO NOTHING"},
        {&findEntity_, "SELECT id FROM entity WHERE level = ?1 AND name = ?2"},
        {&insertModel_, "INSERT INTO model_name(name) VALUES(?1) ON CONFLICT(name) DO NOTHING"},
        {&findModel_, "SELECT id FROM model_name WHERE name = ?1"},
    };
    for (const auto& [st, sql] : all) {
        auto r = db_.prepare(sql);
        if (!r) return r.error();
        *st = std::move(r.value());
    }
    if (Status s = entityTotals_.prepare(); !s) return s;
    return dayUpsert_.prepare();
}

void RollupWriter::addNames(std::vector<std::string>& names) {
    for (auto& n : names) names_.push_back(std::move(n));
    names.clear();
}

void RollupWriter::takeBack(const PendingRequest& p) {
    takeBacks_.push_back(TakeBack{p.rollupIds, p.rec.tsStartUs, p.rec.inputTokens.value_or(0),
                                  p.rec.outputTokens.value_or(0)});
}

// A model name not resolved yet is nearly always new to the case: the insert comes first.
Result<int64_t> RollupWriter::insertOrFindModel(const std::string& name) {
    insertModel_.bindStatic(1, name);
    Status s = insertModel_.run();
    insertModel_.reset();
    if (!s) return s.error();
    if (db_.changes() == 1) return db_.lastInsertRowId();
    findModel_.bindStatic(1, name);
    const bool found = findModel_.step() == store::StepResult::Row;
    const int64_t id = found ? findModel_.columnInt(0) : 0;
    findModel_.reset();
    if (!found) return makeError(ErrorCode::Database, "rollup name vanished: " + name);
    return id;
}

// The slot of a local entity id's case id (0 until resolved).
int64_t& RollupWriter::entitySlot(int level, int32_t local) {
    auto& ids = entityIds_[static_cast<size_t>(level)];
    if (ids.size() < names_.size()) ids.resize(names_.size(), 0);
    return ids[static_cast<size_t>(local)];
}

Result<int64_t> RollupWriter::modelId(int32_t local) {
    if (modelIds_.size() < names_.size()) modelIds_.resize(names_.size(), 0);
    int64_t& id = modelIds_[static_cast<size_t>(local)];
    if (id == 0) {
        const std::string& name = names_[static_cast<size_t>(local)];
        if (runNames_) id = runNames_->find(EntityIdCache::kModel, name);
        if (id != 0) return id;
        auto r = insertOrFindModel(name);
        if (!r) return r.error();
        id = *r;
        if (runNames_) runNames_->remember(EntityIdCache::kModel, name, id);
    }
    return id;
}

void RollupWriter::applyTakeBacks(RollupPacks& r) {
    if (takeBacks_.empty()) return;
    std::vector<std::pair<size_t, store::MinuteCell>> minuteTakes;   // by pack index
    for (const TakeBack& t : takeBacks_) {
        const int64_t day = dayOf(t.tsUs);
        const int32_t hour = hourOfDay(t.tsUs);
        for (int level = 0; level < 5; ++level) {
            const int32_t e = t.ids.entity[static_cast<size_t>(level)];
            if (e < 0) continue;
            const auto key = std::tuple(day, e, level);
            auto pack = std::lower_bound(r.packs.begin(), r.packs.end(), key,
                                         [](const RollupPack& p, const auto& k) { return packKey(p) < k; });
            if (pack == r.packs.end() || packKey(*pack) != key) continue;
            for (uint32_t i = pack->hoursBegin; i < pack->hoursEnd; ++i) {
                RollupHourDelta& h = r.hours[i];
                if (h.hour == hour && h.model == t.ids.model) subtract(h.sums, t.input, t.output);
            }
            minuteTakes.push_back({static_cast<size_t>(pack - r.packs.begin()),
                                   store::MinuteCell{minuteOfDay(t.tsUs), 1, t.input, t.output}});
        }
    }
    takeBacks_.clear();
    std::stable_sort(minuteTakes.begin(), minuteTakes.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<store::MinuteCell> takes;
    for (size_t i = 0; i < minuteTakes.size();) {
        const size_t pack = minuteTakes[i].first;
        takes.clear();
        for (; i < minuteTakes.size() && minuteTakes[i].first == pack; ++i) takes.push_back(minuteTakes[i].second);
        subtractMinutes(r.packs[pack].minutes, takes);
    }
}

// In primary-key order. The sort moves small keys, not rows with their blobs.
Status RollupWriter::upsertDays(std::vector<Row>& rows) {
    std::vector<std::tuple<int64_t, int64_t, size_t>> order;   // day, entity, row
    order.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        rows[i].entity = entitySlot(rows[i].level, rows[i].local);
        order.emplace_back(rows[i].day, rows[i].entity, i);
    }
    std::sort(order.begin(), order.end());
    std::vector<RollupDayUpsert::Row> sorted;
    sorted.reserve(order.size());
    for (const auto& [day, entity, i] : order) sorted.push_back({day, entity, rows[i].hours, *rows[i].minutes});
    return dayUpsert_.apply(sorted);
}

// The case's id of an entity the run has not resolved yet, or 0 when the case lacks it.
Result<int64_t> RollupWriter::findEntity(int level, const std::string& name) {
    findEntity_.bind(1, level).bindStatic(2, name);
    const store::StepResult r = findEntity_.step();
    const int64_t id = r == store::StepResult::Row ? findEntity_.columnInt(0) : 0;
    findEntity_.reset();
    if (r == store::StepResult::Error) return db_.lastError("entity names");
    return id;
}

// One entity's sums of this transaction, once its id is known: queued to be added to its row. An
// entity the case lacks is inserted with its sums, one statement. Whether to look first: not when
// the run's cache knows every name of the case, where a miss is a new entity.
Status RollupWriter::addEntityTotals(const Totals& t, std::vector<EntityTotalsUpdate::Add>& adds) {
    int64_t& id = entitySlot(t.level, t.local);
    const std::string& name = names_[static_cast<size_t>(t.local)];
    if (id == 0 && runNames_) id = runNames_->find(t.level, name);
    if (id == 0 && !(runNames_ && runNames_->knowsAllNames())) {
        auto found = findEntity(t.level, name);
        if (!found) return found.error();
        id = *found;
        if (id != 0 && runNames_) runNames_->remember(t.level, name, id);
    }
    if (id == 0) {
        insertEntity_.bind(1, t.level).bindStatic(2, name);
        insertEntity_.bind(3, t.sums.requests).bind(4, t.sums.input).bind(5, t.sums.output);
        insertEntity_.bind(6, t.firstHour).bind(7, t.lastHour);
        if (Status s = runOnce(insertEntity_); !s) return s;
        if (db_.changes() == 1) {
            id = db_.lastInsertRowId();
            if (runNames_) runNames_->remember(t.level, name, id);
            return {};
        }
        auto found = findEntity(t.level, name);   // another writer added it meanwhile
        if (!found) return found.error();
        if (*found == 0) return makeError(ErrorCode::Database, "rollup name vanished: " + name);
        id = *found;
        if (runNames_) runNames_->remember(t.level, name, id);
    }
    adds.push_back({id, t.sums, t.firstHour, t.lastHour});
    return {};
}

// Sums the hand-over's packs per entity, resolves each entity's id (inserting new ones with their
// sums), and keeps the sums of the others for the transaction's end.
Status RollupWriter::addTotals(std::vector<Totals>& totals) {
    auto key = [](const Totals& t) { return std::pair(t.level, t.local); };
    std::sort(totals.begin(), totals.end(), [&](const Totals& a, const Totals& b) { return key(a) < key(b); });
    std::vector<EntityTotalsUpdate::Add>& adds = transactionAdds_;
    for (size_t i = 0; i < totals.size();) {
        Totals t = totals[i];
        for (++i; i < totals.size() && key(totals[i]) == key(t); ++i) {
            t.sums.requests += totals[i].sums.requests;
            t.sums.input += totals[i].sums.input;
            t.sums.output += totals[i].sums.output;
            t.firstHour = std::min(t.firstHour, totals[i].firstHour);
            t.lastHour = std::max(t.lastHour, totals[i].lastHour);
        }
        if (Status s = addEntityTotals(t, adds); !s) return s;
    }
    EntityTotalsUpdate::mergeById(adds);   // bounded by the entities of the transaction
    return {};
}

Status RollupWriter::finishTransaction() {
    Status s = entityTotals_.apply(transactionAdds_);
    transactionAdds_.clear();
    return s;
}

// One pack's hour cells under the case's model ids, encoded, and its sums. False when every
// request of the pack was taken back (no row, and the entity gains nothing).
Result<bool> RollupWriter::encodePack(const RollupPacks& r, const RollupPack& pack, Row& row, Totals& t) {
    cells_.clear();
    t = Totals{pack.level, pack.entity, {}, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
    for (uint32_t i = pack.hoursBegin; i < pack.hoursEnd; ++i) {
        const RollupHourDelta& h = r.hours[i];
        if (h.sums.requests == 0) continue;   // all taken back
        auto m = modelId(h.model);
        if (!m) return m.error();
        cells_.push_back({h.hour, *m, h.sums.requests, h.sums.input, h.sums.output});
        t.sums.requests += h.sums.requests;
        t.sums.input += h.sums.input;
        t.sums.output += h.sums.output;
        const int64_t hourUs = pack.dayUs + h.hour * kHourUs;
        t.firstHour = std::min(t.firstHour, hourUs);
        t.lastHour = std::max(t.lastHour, hourUs);
    }
    if (cells_.empty()) return false;
    // Local model order is not the case's: sort again by the case's ids.
    std::sort(cells_.begin(), cells_.end(), [](const store::HourCell& a, const store::HourCell& b) {
        return std::tie(a.hour, a.model) < std::tie(b.hour, b.model);
    });
    row = Row{pack.dayUs, pack.level, pack.entity, 0, {}, &pack.minutes};
    store::encodeHours(cells_, row.hours);
    return true;
}

// Entity totals first: they give every entity of the transaction its case id, which the day rows
// are keyed by.
Status RollupWriter::write(RollupPacks& r) {
    applyTakeBacks(r);
    std::vector<Row> rows;
    std::vector<Totals> totals;
    rows.reserve(r.packs.size());
    totals.reserve(r.packs.size());
    for (const RollupPack& pack : r.packs) {
        Row row;
        Totals t;
        auto kept = encodePack(r, pack, row, t);
        if (!kept) return kept.error();
        if (!*kept) continue;
        rows.push_back(std::move(row));
        totals.push_back(t);
    }
    if (Status s = addTotals(totals); !s) return s;
    return upsertDays(rows);
}

} // namespace siphon::ingest
