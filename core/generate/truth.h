#pragma once
// The ground truth written next to the logs: labels.csv, expected.json and (dirty runs) faults.csv.
#include "generate/generator.h"
#include "generate/model.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace siphon::generate {

struct FaultRow {
    std::string file;   // relative to the output directory
    int64_t line = 0;
    std::string kind;
};

// (level, entity id) -> index of the actor it belongs to.
using LabelMap = std::map<std::pair<int, std::string>, int>;

Status writeTruth(const GenerateOptions& options, const std::vector<Actor>& actors, const LabelMap& labels,
                  const std::vector<FaultRow>& faults, const GenerateSummary& summary);

const char* levelName(int level);

} // namespace siphon::generate
