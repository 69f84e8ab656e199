#pragma once
// The flag threshold of one case, calibrated on the case's own score distribution rather than a
// constant tuned on one generator. Most entities of any real population are benign, so the body
// of the score distribution is the benign one: its upper tail is fitted as exponential between
// two body quantiles (by default the 75th and 90th percentiles, below any plausible share of
// distillers) and extrapolated to the score that only target_fpr of benign entities would
// exceed. That fit is made twice, the more cautious taken: over all entities, and over those
// that score above 0 with the rate read among them (entities that score exactly 0, most keys of
// aggregated usage, are a point mass that drags a whole-population fit down to nothing).
// The result is bounded to [min, max] and stated in words, with the false-positive rate it
// stands for. Populations too small to estimate a tail from, and configs that ask for a fixed
// threshold, use flag_threshold. Pure computation.
#include "analysis/detector_config.h"

#include <string>
#include <vector>

namespace siphon::analysis {

struct FlagThreshold {
    double value = 0.4;
    bool calibrated = false;   // false: the fixed flag_threshold
    double targetFpr = 0;      // the benign false-positive rate it stands for (calibrated only)
    std::string method;        // one sentence: how it was set
};

FlagThreshold calibrateThreshold(const DetectorConfig& config, const std::vector<double>& scores);

// The config JSON text as used, with this run's threshold appended as a last member
// "flag_threshold_of_this_run": {"value", "calibrated", "target_fpr", "method"} (the text before it
// is unchanged; parseDetectorConfig ignores the member). Stored with the analysis run.
std::string configWithThreshold(const std::string& json, const FlagThreshold& threshold);

// Scores are compared, and printed, at this precision (3 decimals), so that a reason never says
// "0.40 < 0.40" and a row's score never disagrees with the verdict.
double decisionScore(double score);
bool meetsThreshold(double score, double threshold);
std::string scoreText(double score);   // "0.395"

} // namespace siphon::analysis
