#include "store/rollup_adjust.h"

#include "store/rollup_codec.h"
#include "store/rollup_time.h"
#include "store/statement_cache.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <tuple>
#include <vector>

namespace siphon::store {

namespace {

using namespace rollup_time;

constexpr int64_t kNoHour = std::numeric_limits<int64_t>::max();

void addTo(RollupAdjuster::Sums& s, int sign, int64_t input, int64_t output) {
    s.requests += sign;
    s.input += sign * input;
    s.output += sign * output;
}

Error corrupt(const std::string& entity, int64_t day, const char* what) {
    return makeError(ErrorCode::Corrupt,
                     std::string(what) + " in the rollup of entity '" + entity + "' for day " + std::to_string(day));
}

// The id of a name in a (name -> id) table, inserted when missing.
Result<int64_t> idOf(StatementCache& sql, const char* insertSql, const char* findSql,
                     const std::function<void(Statement&)>& bindKey) {
    auto insert = sql.get(insertSql);
    if (!insert) return insert.error();
    bindKey(**insert);
    if (Status s = (*insert)->run(); !s) return s.error();
    auto find = sql.get(findSql);
    if (!find) return find.error();
    bindKey(**find);
    if ((*find)->step() != StepResult::Row) return makeError(ErrorCode::Database, "rollup name vanished");
    const int64_t id = (*find)->columnInt(0);
    (*find)->reset();
    return id;
}

Result<int64_t> entityId(StatementCache& db, int level, const std::string& name) {
    return idOf(db, "INSERT INTO entity(level, name) VALUES(?1, ?2) ON CONFLICT(level, name) DO NOTHING",
                "SELECT id FROM entity WHERE level = ?1 AND name = ?2",
                [&](Statement& st) { st.bind(1, level).bind(2, name); });
}

Result<int64_t> modelId(StatementCache& db, const std::string& name) {
    return idOf(db, "INSERT INTO model_name(name) VALUES(?1) ON CONFLICT(name) DO NOTHING",
                "SELECT id FROM model_name WHERE name = ?1", [&](Statement& st) { st.bind(1, name); });
}

// Adds a change to the cell of `key` (inserting it in order); true when the cell was emptied.
template <typename Cell, typename Key, typename KeyOf>
Result<bool> change(std::vector<Cell>& cells, const Key& key, KeyOf keyOf, const RollupAdjuster::Sums& d, Cell fresh) {
    auto it =
        std::lower_bound(cells.begin(), cells.end(), key, [&](const Cell& c, const Key& k) { return keyOf(c) < k; });
    if (it == cells.end() || keyOf(*it) != key) it = cells.insert(it, fresh);
    it->requests += d.requests;
    it->inputTokens += d.input;
    it->outputTokens += d.output;
    if (it->requests < 0) return makeError(ErrorCode::Corrupt, "a rollup cell would count fewer than no requests");
    return it->requests == 0 && d.requests < 0;
}

struct DayResult {
    RollupAdjuster::Sums total;
    int64_t firstHour = kNoHour, lastHour = -kNoHour; // of cells that gained requests
    bool emptied = false; // a cell lost its last request
};

class EntityDays {
public:
    EntityDays(StatementCache& sql, std::map<std::string, int64_t>& models, int64_t entity, std::string name)
        : sql_(sql), models_(models), entity_(entity), name_(std::move(name)) {}
    Status applyDay(int64_t day, const RollupAdjuster::DayChange& c, DayResult& out);

private:
    Status load(int64_t day);
    Status applyHours(int64_t day, const RollupAdjuster::DayChange& c, DayResult& out);
    Status applyMinutes(const RollupAdjuster::DayChange& c, DayResult& out);
    Status store(int64_t day);

    Result<int64_t> model(const std::string& name);

    StatementCache& sql_;
    std::map<std::string, int64_t>& models_;
    int64_t entity_;
    std::string name_;
    std::vector<HourCell> hours_;
    std::vector<MinuteCell> minutes_;
};

Status EntityDays::load(int64_t day) {
    hours_.clear();
    minutes_.clear();
    auto st = sql_.get("SELECT hours, minutes FROM rollup_day WHERE day_us = ?1 AND entity_id = ?2");
    if (!st) return st.error();
    (*st)->bind(1, day).bind(2, entity_);
    const StepResult r = (*st)->step();
    if (r == StepResult::Error)
        return makeError(ErrorCode::Database, "cannot read a rollup day: " + (*st)->errorMessage());
    const bool ok = r == StepResult::Done ||
        (decodeHours((*st)->columnView(0), hours_) && decodeMinutes((*st)->columnView(1), minutes_));
    (*st)->reset();
    if (!ok) return corrupt(name_, day, "damaged blob");
    return {};
}

Status EntityDays::applyHours(int64_t day, const RollupAdjuster::DayChange& c, DayResult& out) {
    auto keyOf = [](const HourCell& h) { return std::pair<int32_t, int64_t>(h.hour, h.model); };
    for (const auto& [key, d] : c.hours) {
        auto model = this->model(key.second);
        if (!model) return model.error();
        auto emptied = change(hours_, std::pair<int32_t, int64_t>(key.first, *model), keyOf, d,
                              HourCell{key.first, *model, 0, 0, 0});
        if (!emptied) return corrupt(name_, day, "a cell below zero");
        out.emptied = out.emptied || *emptied;
        out.total.requests += d.requests;
        out.total.input += d.input;
        out.total.output += d.output;
        if (d.requests > 0) {
            out.firstHour = std::min(out.firstHour, day + key.first * kHourUs);
            out.lastHour = std::max(out.lastHour, day + key.first * kHourUs);
        }
    }
    return {};
}

Status EntityDays::applyMinutes(const RollupAdjuster::DayChange& c, DayResult& out) {
    auto keyOf = [](const MinuteCell& m) { return m.minute; };
    for (const auto& [minute, d] : c.minutes) {
        auto emptied = change(minutes_, minute, keyOf, d, MinuteCell{minute, 0, 0, 0});
        if (!emptied) return emptied.error();
        out.emptied = out.emptied || *emptied;
    }
    return {};
}

// Writes the day back; a day left with no cell is deleted (the import never stores an empty one).
Status EntityDays::store(int64_t day) {
    std::string hours, minutes;
    encodeHours(hours_, hours);
    encodeMinutes(minutes_, minutes);
    const bool none = std::none_of(hours_.begin(), hours_.end(), [](const HourCell& h) { return h.requests > 0; }) &&
        std::none_of(minutes_.begin(), minutes_.end(), [](const MinuteCell& m) { return m.requests > 0; });
    auto st =
        sql_.get(none ? "DELETE FROM rollup_day WHERE day_us = ?1 AND entity_id = ?2"
                      : "INSERT OR REPLACE INTO rollup_day(day_us, entity_id, hours, minutes) VALUES(?1, ?2, ?3, ?4)");
    if (!st) return st.error();
    (*st)->bind(1, day).bind(2, entity_);
    if (!none) (*st)->bindBlob(3, hours).bindBlob(4, minutes);
    return (*st)->run();
}

Result<int64_t> EntityDays::model(const std::string& name) {
    auto it = models_.find(name);
    if (it != models_.end()) return it->second;
    auto id = modelId(sql_, name);
    if (id) models_.emplace(name, *id);
    return id;
}

Status EntityDays::applyDay(int64_t day, const RollupAdjuster::DayChange& c, DayResult& out) {
    if (Status s = load(day); !s) return s;
    if (Status s = applyHours(day, c, out); !s) return s;
    if (Status s = applyMinutes(c, out); !s) return s;
    return store(day);
}

// The hour start of the first (or last) cell of one stored day; kNoHour when it has none.
Result<int64_t> edgeHourOfDay(Database& db, int64_t entity, int64_t day, bool first) {
    auto st = db.prepare("SELECT hours, minutes FROM rollup_day WHERE day_us = ?1 AND entity_id = ?2");
    if (!st) return st.error();
    st->bind(1, day).bind(2, entity);
    if (st->step() != StepResult::Row) return kNoHour;
    std::vector<HourCell> hours;
    std::vector<MinuteCell> minutes;
    if (!decodeHours(st->columnView(0), hours) || !decodeMinutes(st->columnView(1), minutes))
        return makeError(ErrorCode::Corrupt, "damaged rollup blob for day " + std::to_string(day));
    std::vector<int64_t> starts;
    for (const HourCell& h : hours) starts.push_back(day + h.hour * kHourUs);
    for (const MinuteCell& m : minutes) starts.push_back(floorTo(day + m.minute * kMinuteUs, kHourUs));
    if (starts.empty()) return kNoHour;
    return first ? *std::min_element(starts.begin(), starts.end()) : *std::max_element(starts.begin(), starts.end());
}

// Narrows an entity's first/last hour to its cells (NULL when none is left), walking the days of
// its former span from each end, as the rollup reader seeks them.
Status tightenBounds(Database& db, int64_t entity) {
    auto span =
        db.prepare("SELECT first_hour_us, last_hour_us FROM entity WHERE id = ?1 AND first_hour_us IS NOT NULL");
    if (!span) return span.error();
    span->bind(1, entity);
    if (span->step() != StepResult::Row) return {};
    const int64_t fromDay = dayOf(span->columnInt(0)), toDay = dayOf(span->columnInt(1));
    int64_t first = kNoHour, last = kNoHour;
    for (int64_t day = fromDay; day <= toDay && first == kNoHour; day += kDayUs) {
        auto h = edgeHourOfDay(db, entity, day, true);
        if (!h) return h.error();
        first = *h;
    }
    for (int64_t day = toDay; day >= fromDay && last == kNoHour && first != kNoHour; day -= kDayUs) {
        auto h = edgeHourOfDay(db, entity, day, false);
        if (!h) return h.error();
        last = *h;
    }
    auto st = db.prepare("UPDATE entity SET first_hour_us = ?2, last_hour_us = ?3 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, entity);
    if (first == kNoHour)
        st->bindNull(2).bindNull(3);
    else
        st->bind(2, first).bind(3, last);
    return st->run();
}

// Adds the changed sums; the span widens to hours that gained requests (NULL ?5: no such hour).
Status addTotals(Database& db, int64_t entity, const DayResult& all) {
    auto st = db.prepare(
        "UPDATE entity SET requests = requests + ?2, input_tokens = input_tokens + ?3, output_tokens = output_tokens + "
        "?4,"
        " first_hour_us = CASE WHEN ?5 IS NULL THEN first_hour_us ELSE min(coalesce(first_hour_us, ?5), ?5) END,"
        " last_hour_us = CASE WHEN ?6 IS NULL THEN last_hour_us ELSE max(coalesce(last_hour_us, ?6), ?6) END"
        " WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, entity).bind(2, all.total.requests).bind(3, all.total.input).bind(4, all.total.output);
    if (all.firstHour == kNoHour)
        st->bindNull(5).bindNull(6);
    else
        st->bind(5, all.firstHour).bind(6, all.lastHour);
    return st->run();
}

} // namespace

void RollupAdjuster::count(const RollupRequest& r, int sign) {
    const int64_t day = dayOf(r.tsUs);
    for (int level = 0; level < 5; ++level) {
        const std::string& name = r.entities[static_cast<size_t>(level)];
        if (name.empty()) continue;
        DayChange& c = changes_[{level, name}][day];
        addTo(c.hours[{hourOfDay(r.tsUs), r.model}], sign, r.inputTokens, r.outputTokens);
        addTo(c.minutes[minuteOfDay(r.tsUs)], sign, r.inputTokens, r.outputTokens);
    }
}

Status RollupAdjuster::applyEntity(int level, const std::string& name, const std::map<int64_t, DayChange>& days) {
    auto id = entityId(statements_, level, name);
    if (!id) return id.error();
    EntityDays rows(statements_, models_, *id, name);
    DayResult all;
    for (const auto& [day, c] : days)
        if (Status s = rows.applyDay(day, c, all); !s) return s;
    if (Status s = addTotals(db_, *id, all); !s) return s;
    if (all.emptied)
        if (Status s = tightenBounds(db_, *id); !s) return s;
    auto gone = db_.prepare("DELETE FROM entity WHERE id = ?1 AND requests = 0 AND first_hour_us IS NULL");
    if (!gone) return gone.error();
    gone->bind(1, *id);
    return gone->run();
}

Status RollupAdjuster::apply() {
    for (const auto& [entity, days] : changes_)
        if (Status s = applyEntity(entity.first, entity.second, days); !s) return s;
    changes_.clear();
    return {};
}

} // namespace siphon::store
