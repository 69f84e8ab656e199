#pragma once
// Reads one entity's packed rollups (rollup_day, store/rollup_codec.h) and its totals (entity).
// Seeks one (day, entity) row per day of the entity's active span clipped to the asked range, so
// a timeline costs the same whatever the size of the case; it never scans rollup_day.
// Thread: any, with a Database owned by that thread. Errors: Database, Corrupt (a damaged blob).
#include "store/database.h"
#include "store/entity_level.h"
#include "store/rollup_codec.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace siphon::store {

struct RollupEntity {
    int64_t id = 0;
    std::string name;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
    int64_t firstHourUs = 0, lastHourUs = 0;   // hour starts of its first and last cell
};

class RollupReader {
public:
    static constexpr int64_t kAll = std::numeric_limits<int64_t>::max();

    explicit RollupReader(const Database& db) : db_(db) {}

    // The entity's totals; nullopt when it has no rollups at this level. Callers that list entities
    // "seen in the hour rollups" check requests > 0.
    Result<std::optional<RollupEntity>> find(EntityLevel level, const std::string& name);
    // Every entity of the level that has rollups, by name (a test and tool aid: not for big cases).
    Result<std::vector<RollupEntity>> all(EntityLevel level);

    using HourFn = std::function<void(int64_t hourUs, const HourCell&)>;
    using MinuteFn = std::function<void(int64_t minuteUs, const MinuteCell&)>;
    // Cells whose start is in [fromUs, toUs), in time order (hours: then by model id).
    Status hours(const RollupEntity& e, const HourFn& fn, int64_t fromUs = -kAll, int64_t toUs = kAll);
    Status minutes(const RollupEntity& e, const MinuteFn& fn, int64_t fromUs = -kAll, int64_t toUs = kAll);

    // model_name.name of an id ("" for an unknown id).
    Result<std::string> modelName(int64_t id);

private:
    // Calls fn(dayUs, blob) for each stored day of the entity that overlaps [fromUs, toUs).
    Status days(const RollupEntity& e, int column, int64_t fromUs, int64_t toUs,
                const std::function<Status(int64_t, std::string_view)>& fn);

    const Database& db_;
    Statement find_, day_;
    std::unordered_map<int64_t, std::string> models_;
    bool modelsLoaded_ = false;
};

} // namespace siphon::store
