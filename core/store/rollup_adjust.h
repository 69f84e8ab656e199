#pragma once
// Changes stored requests' contributions to the packed rollups (rollup_day) and to the entity
// totals after a step that rewrote requests once they were imported (the CloudTrail <-> Bedrock
// join takes two rows out and puts one merged row back). Collect with add/remove, then apply()
// once, inside the caller's transaction: each (entity, day) row is read, changed cell by cell and
// written back, so counts stay exact; a cell left with no request is dropped, and an entity left
// with no request at all is removed. An entity's first/last hour are narrowed again when a cell it
// lost was at one of its ends.
// Thread: the Database's. Errors: Database, Corrupt (a damaged blob, or a change that would take a
// cell below zero: the rows removed were not counted as given).
#include "store/database.h"
#include "store/statement_cache.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace siphon::store {

// What one request adds to the rollups: as the import counts it (tokens absent count as 0).
struct RollupRequest {
    int64_t tsUs = 0;
    std::string model; // '' when the request names none
    int64_t inputTokens = 0, outputTokens = 0;
    std::array<std::string, 5> entities; // by level (account .. ip); '' when it names none
};

class RollupAdjuster {
public:
    explicit RollupAdjuster(Database& db) : db_(db), statements_(db) {}
    void add(const RollupRequest& r) { count(r, +1); }
    void remove(const RollupRequest& r) { count(r, -1); }
    bool empty() const { return changes_.empty(); }
    Status apply();

    struct Sums {
        int64_t requests = 0, input = 0, output = 0;
    };
    struct DayChange {
        std::map<std::pair<int32_t, std::string>, Sums> hours; // (hour of day, model name)
        std::map<int32_t, Sums> minutes; // minute of day
    };

private:
    void count(const RollupRequest& r, int sign);
    Status applyEntity(int level, const std::string& name, const std::map<int64_t, DayChange>& days);

    Database& db_;
    StatementCache statements_;
    std::map<std::string, int64_t> models_; // model_name ids looked up so far
    std::map<std::pair<int, std::string>, std::map<int64_t, DayChange>> changes_;
};

} // namespace siphon::store
