#pragma once
// The explainable scorer. Each feature value is compared with the population of the same level
// (median and scaled MAD, with a per-feature floor): robust z, mapped linearly from z_low to
// z_high into a suspicion 0..1 in the feature's suspicious direction, gated by abs_min/abs_max.
// mean = sum(weight * suspicion) / sum(weight of available features); score = (1 - b) * mean +
// b * sqrt(content mean * operation mean) (b = balance_weight). When the data has no feature of
// one group at all (no prompts and no token counts), the balance term is the mean of what is
// available: missing data is neither evidence for nor against, and a note says what was missing.
// Dampers (too little traffic; a short burst that ended before the data did) then multiply it.
// flagged = score >= config.flagThreshold. Reasons are the
// sentences of the largest contributions, plus, for unflagged entities that show suspicious
// signals, the mitigating facts ("but ...") so a reader sees why they were not flagged.
#include "analysis/detector_config.h"
#include "analysis/entity_profile.h"
#include "analysis/features/features.h"

#include <map>
#include <string>
#include <vector>

namespace siphon::analysis {

struct ScoredFeature {
    FeatureValue feature;
    double baseline = 0;       // population median (in transformed units when log)
    double robustZ = 0;
    double percentile = 0;     // 0..1 among entities with the feature
    double suspicion = 0;      // 0..1
    double contribution = 0;   // weight * suspicion / total available weight
    bool saturated = false;    // available, but common to the whole population: not weighed
    bool available() const { return feature.value.has_value(); }
};

struct ScoreResult {
    double score = 0;
    bool flagged = false;
    std::vector<ScoredFeature> features;
    std::vector<std::string> reasons;   // ordered, most important first
    std::string reasonText() const;     // joined with "; "
};

class PopulationBaseline {
public:
    // Built from the features of all entities with at least config.minRequests requests (all
    // entities when fewer than 10 qualify).
    PopulationBaseline(const DetectorConfig& config, const std::vector<EntityProfile>& population,
                       const std::vector<std::vector<FeatureValue>>& features);
    struct Stat {
        double median = 0, mad = 0;
        std::vector<double> sorted;   // transformed values, for percentiles
        bool saturated = false;       // the median is within z_low of the feature's suspicious bound
    };
    const Stat* stat(const std::string& feature) const;

private:
    std::map<std::string, Stat> stats_;
};

ScoreResult scoreEntity(const DetectorConfig& config, const PopulationBaseline& baseline, const EntityProfile& p,
                        const std::vector<FeatureValue>& features);

// Transformation the config asks for (log10 for log features), applied before comparison.
double transformValue(const FeatureWeight& w, double v);

} // namespace siphon::analysis
