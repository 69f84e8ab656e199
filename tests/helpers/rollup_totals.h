#pragma once
// Sums of a level's rollups read back cell by cell (store/rollup_reader.h), so tests check the
// packed blobs themselves, not only the per-entity totals kept next to them.
#include "store/rollup_reader.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

namespace siphon::test {

struct RollupTotals {
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
    int64_t entities = 0;   // entities with at least one cell
};

// kind: hour cells or minute cells.
enum class RollupCells { Hours, Minutes };

inline RollupTotals rollupTotals(const store::Database& db, EntityLevel level, RollupCells kind) {
    store::RollupReader reader(db);
    auto all = reader.all(level);
    REQUIRE(all.ok());
    RollupTotals t;
    for (const store::RollupEntity& e : *all) {
        bool any = false;
        auto add = [&](int64_t requests, int64_t input, int64_t output) {
            t.requests += requests;
            t.inputTokens += input;
            t.outputTokens += output;
            any = true;
        };
        Status s = kind == RollupCells::Hours
                       ? reader.hours(e, [&](int64_t, const store::HourCell& c) {
                             add(c.requests, c.inputTokens, c.outputTokens);
                         })
                       : reader.minutes(e, [&](int64_t, const store::MinuteCell& c) {
                             add(c.requests, c.inputTokens, c.outputTokens);
                         });
        REQUIRE(s.ok());
        if (any) ++t.entities;
    }
    return t;
}

// One entity's cells as "start/model/requests/input/output;..." (hours) or
// "start/requests/input/output;..." (minutes), in reading order; "" when it has none.
inline std::string describeRollup(const store::Database& db, EntityLevel level, const std::string& entity,
                                  RollupCells kind) {
    store::RollupReader reader(db);
    auto e = reader.find(level, entity);
    REQUIRE(e.ok());
    std::string out;
    if (!*e) return out;
    auto item = [&](int64_t start, const std::string* model, int64_t requests, int64_t input, int64_t output) {
        if (!out.empty()) out += ';';
        out += std::to_string(start) + '/';
        if (model) out += *model + '/';
        out += std::to_string(requests) + '/' + std::to_string(input) + '/' + std::to_string(output);
    };
    Status s = kind == RollupCells::Hours
                   ? reader.hours(**e,
                                  [&](int64_t t, const store::HourCell& c) {
                                      auto model = reader.modelName(c.model);
                                      REQUIRE(model.ok());
                                      item(t, &*model, c.requests, c.inputTokens, c.outputTokens);
                                  })
                   : reader.minutes(**e, [&](int64_t t, const store::MinuteCell& c) {
                         item(t, nullptr, c.requests, c.inputTokens, c.outputTokens);
                     });
    REQUIRE(s.ok());
    return out;
}

} // namespace siphon::test
