#pragma once
// Onset: the hour an entity's behaviour turned. A single change-point (the top split of binary
// segmentation) over the entity's hourly series of log request volume, templated share and
// reasoning share, each standardised: the split maximising the summed between-segment variance
// where the later segment is the more suspicious. Accepted only when the effect reaches
// config.onsetMinEffect (1.0 = volume doubled, or templated/reasoning share up 25 points) and the
// series spans onsetMinHours.
#include "analysis/detector_config.h"
#include "analysis/profile_accumulator.h"

#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

struct Onset {
    int64_t us = 0;          // start of the first hour of the new behaviour
    double effect = 0;       // doublings of volume or quarter-steps of a share, whichever is larger
    std::string sentence;    // e.g. "behaviour changed at 2026-02-10T14:00:00Z: volume 12x, templated share 4% -> 91%"
};

std::optional<Onset> detectOnset(const DetectorConfig& config, const std::vector<HourPoint>& hours);

} // namespace siphon::analysis
