#include "query/score_status.h"

#include "query/entity_query.h"

namespace siphon::query {

const char* scoreStateName(ScoreState s) {
    switch (s) {
    case ScoreState::Current: return "current";
    case ScoreState::Stale: return "stale";
    case ScoreState::Missing: return "missing";
    }
    return "missing";
}

Result<ScoreStatus> loadScoreStatus(const store::Database& db, EntityLevel level) {
    ScoreStatus out;
    auto scored = levelIsScored(db, level);
    if (!scored) return scored.error();
    auto run = db.prepare("SELECT max(started_at_us) FROM analysis_run WHERE level = ?");
    if (!run) return run.error();
    run->bind(1, static_cast<int>(level));
    if (run->step() == store::StepResult::Row) out.lastRunStartedUs = run->columnOptInt(0);
    if (!*scored) return out;   // Missing
    out.state = ScoreState::Current;
    if (!out.lastRunStartedUs) return out;   // scores without a run row: nothing to compare
    auto later = db.prepare("SELECT count(*) FROM source_file WHERE imported_at_us >= ?");
    if (!later) return later.error();
    later->bind(1, *out.lastRunStartedUs);
    if (later->step() == store::StepResult::Row) out.sourcesSinceRun = later->columnInt(0);
    if (out.sourcesSinceRun > 0) out.state = ScoreState::Stale;
    return out;
}

} // namespace siphon::query
