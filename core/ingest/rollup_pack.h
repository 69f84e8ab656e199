#pragma once
// One transaction's rollup sums as the parse thread hands them to the writer: grouped per UTC day
// and entity (one `rollup_day` row each), sorted, minutes already encoded. The hours stay cells
// because their model ids are local to the import until the writer maps them to the case's.
#include "ingest/rollup_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::ingest {

struct RollupHourDelta {
    int32_t hour = 0;    // 0..23
    int32_t model = 0;   // local name id
    RollupSums sums;
};

struct RollupPack {
    int64_t dayUs = 0;
    int32_t level = 0, entity = 0;         // entity: local name id
    uint32_t hoursBegin = 0, hoursEnd = 0; // range in RollupPacks::hours, sorted by (hour, model)
    std::string minutes;                   // store/rollup_codec.h minutes blob
};

struct RollupPacks {
    std::vector<RollupPack> packs;         // sorted by (day, entity, level)
    std::vector<RollupHourDelta> hours;
    bool empty() const { return packs.empty(); }
};

} // namespace siphon::ingest
