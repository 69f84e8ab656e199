#include "store/rollup_reader.h"

#include "store/rollup_time.h"

#include <algorithm>

namespace siphon::store {

namespace {

using namespace rollup_time;

constexpr const char* kEntityColumns =
    "SELECT id, name, requests, input_tokens, output_tokens, first_hour_us, last_hour_us FROM entity";

RollupEntity readEntity(const Statement& st) {
    return RollupEntity{st.columnInt(0), st.columnText(1), st.columnInt(2), st.columnInt(3),
                        st.columnInt(4), st.columnInt(5), st.columnInt(6)};
}

Error corrupt(const RollupEntity& e, int64_t dayUs) {
    return makeError(ErrorCode::Corrupt, "damaged rollup of entity '" + e.name + "' for day " + std::to_string(dayUs));
}

} // namespace

Result<std::optional<RollupEntity>> RollupReader::find(EntityLevel level, const std::string& name) {
    if (!find_.handle()) {
        auto st = db_.prepare(std::string(kEntityColumns) + " WHERE level = ?1 AND name = ?2 AND first_hour_us IS NOT NULL");
        if (!st) return st.error();
        find_ = std::move(*st);
    }
    find_.bind(1, static_cast<int>(level)).bind(2, name);
    const StepResult r = find_.step();
    std::optional<RollupEntity> out;
    if (r == StepResult::Row) out = readEntity(find_);
    find_.reset();
    if (r == StepResult::Error) return db_.lastError("rollup entity");
    return out;
}

Result<std::vector<RollupEntity>> RollupReader::all(EntityLevel level) {
    auto st = db_.prepare(std::string(kEntityColumns) + " WHERE level = ?1 AND first_hour_us IS NOT NULL ORDER BY name");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level));
    std::vector<RollupEntity> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back(readEntity(*st));
    if (r == StepResult::Error) return db_.lastError("rollup entities");
    return out;
}

Status RollupReader::days(const RollupEntity& e, int column, int64_t fromUs, int64_t toUs,
                          const std::function<Status(int64_t, std::string_view)>& fn) {
    if (!day_.handle()) {
        auto st = db_.prepare("SELECT hours, minutes FROM rollup_day WHERE day_us = ?1 AND entity_id = ?2");
        if (!st) return st.error();
        day_ = std::move(*st);
    }
    // The entity's active span (whole hours), clipped to the asked range.
    const int64_t lo = std::max(e.firstHourUs, fromUs);
    const int64_t hi = std::min(e.lastHourUs + (kHourUs - 1), toUs - 1);
    if (toUs <= fromUs || lo > hi) return {};
    for (int64_t day = dayOf(lo); day <= dayOf(hi); day += kDayUs) {
        day_.bind(1, day).bind(2, e.id);
        const StepResult r = day_.step();
        Status s;
        if (r == StepResult::Row) s = fn(day, day_.columnView(column));
        else if (r == StepResult::Error) s = db_.lastError("rollup day");
        day_.reset();
        if (!s) return s;
    }
    return {};
}

Status RollupReader::hours(const RollupEntity& e, const HourFn& fn, int64_t fromUs, int64_t toUs) {
    std::vector<HourCell> cells;
    return days(e, 0, fromUs, toUs, [&](int64_t day, std::string_view blob) -> Status {
        cells.clear();
        if (!decodeHours(blob, cells)) return corrupt(e, day);
        for (const HourCell& c : cells) {
            const int64_t t = day + c.hour * kHourUs;
            if (t >= fromUs && t < toUs) fn(t, c);
        }
        return {};
    });
}

Status RollupReader::minutes(const RollupEntity& e, const MinuteFn& fn, int64_t fromUs, int64_t toUs) {
    std::vector<MinuteCell> cells;
    return days(e, 1, fromUs, toUs, [&](int64_t day, std::string_view blob) -> Status {
        cells.clear();
        if (!decodeMinutes(blob, cells)) return corrupt(e, day);
        for (const MinuteCell& c : cells) {
            const int64_t t = day + c.minute * kMinuteUs;
            if (t >= fromUs && t < toUs) fn(t, c);
        }
        return {};
    });
}

Result<std::string> RollupReader::modelName(int64_t id) {
    if (!modelsLoaded_) {
        auto st = db_.prepare("SELECT id, name FROM model_name");
        if (!st) return st.error();
        StepResult r;
        while ((r = st->step()) == StepResult::Row) models_[st->columnInt(0)] = st->columnText(1);
        if (r == StepResult::Error) return db_.lastError("model names");
        modelsLoaded_ = true;
    }
    auto it = models_.find(id);
    return it == models_.end() ? std::string() : it->second;
}

} // namespace siphon::store
