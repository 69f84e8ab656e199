#pragma once
// Whether a level's scores describe the case as it is now: never analysed (scores missing), or
// analysed before files were imported (stale). Consumers say so instead of printing 0.0000 or a
// partial ranking as if complete. Thread: any, with its own Database. Errors: Database.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>

namespace siphon::query {

enum class ScoreState { Current, Stale, Missing };

struct ScoreStatus {
    ScoreState state = ScoreState::Missing;
    std::optional<int64_t> lastRunStartedUs;   // newest analysis run of the level
    int64_t sourcesSinceRun = 0;                // source files imported after that run started
};

Result<ScoreStatus> loadScoreStatus(const store::Database& db, EntityLevel level);

const char* scoreStateName(ScoreState s);   // "current", "stale", "missing"

} // namespace siphon::query
