#pragma once
// The aggregated formats: OpenAI organisation usage (completions, 1h buckets grouped by
// api_key_id, model, project_id) and the Anthropic messages usage report (1h buckets grouped by
// api_key_id, workspace_id, model), built from the same simulated calls. One file per day holding
// one page of 24 buckets; hours without traffic are written as empty buckets (results: []).
#include "generate/model.h"
#include "generate/out_file.h"

#include <string>
#include <vector>

namespace siphon::generate {

struct UsageDayResult {
    int64_t bucketRows = 0;   // one per result row, one per empty time bucket
    std::vector<std::pair<int, int>> keysSeen;       // (actor, key index) appearing in results
    std::vector<std::pair<int, int>> projectsSeen;   // (actor, project index)
};

// Writes one day's page into `out` (already open). lastDay decides has_more/next_page.
UsageDayResult writeUsageDay(bool anthropic, const std::vector<Actor>& actors, const std::vector<Event>& events,
                             int64_t dayStartUs, bool lastDay, OutFile& out);

} // namespace siphon::generate
