#pragma once
// The per-entity features. Each is a named, pure function of an EntityProfile returning a value
// (nullopt = "not available" for this data, never a fake 0) and one sentence a person can read.
// Values are raw (not population-relative); the scorer compares them with the population.
#include "analysis/entity_profile.h"

#include <optional>
#include <string>
#include <vector>

namespace siphon::analysis {

struct FeatureValue {
    std::string name;
    std::optional<double> value;
    std::string sentence;
};

// Output tokens (requests when tokens are absent): the volume compared with peers.
FeatureValue featureVolume(const EntityProfile& p);
// Output tokens / input tokens over all requests.
FeatureValue featureOutputInputRatio(const EntityProfile& p);
// Response bytes / request bytes, for data that logs body sizes but no token counts (else not available).
FeatureValue featureOutputInputBytes(const EntityProfile& p);
// Share of prompts in the three largest near-duplicate template groups (or exact templates).
FeatureValue featureTemplateRepetition(const EntityProfile& p);
// Share of prompts containing a reasoning-elicitation phrase from the config list.
FeatureValue featureReasoningElicitation(const EntityProfile& p);
// Share of the varying prompt words (template skeleton removed) covered by the 20 commonest.
FeatureValue featureTopicalNarrowness(const EntityProfile& p);
// Shannon entropy (bits) of the 168-bin hour-of-week histogram; 7.39 = perfectly uniform 24/7.
FeatureValue featureHourOfWeekEntropy(const EntityProfile& p);
// Share of active days with at least 20 distinct active UTC hours.
FeatureValue featureAroundTheClock(const EntityProfile& p);
// Coefficient of variation of the daily volume over the full days between the first and the last
// (quiet days count as 0): a job that runs every day, weekends included, is steady; people follow the week.
FeatureValue featureDailyVolumeCv(const EntityProfile& p);
// Coefficient of variation of inter-arrival gaps while active (gaps shorter than the timestamp
// precision or an hour and longer ignored).
FeatureValue featureInterarrivalCv(const EntityProfile& p);
// Share of active minutes within 10% of the entity's 95th-percentile minute rate (a plateau at a cap).
FeatureValue featureRateLimitPacing(const EntityProfile& p);
// Cached input tokens / input tokens.
FeatureValue featureCacheReuse(const EntityProfile& p);
// Share of requests sent to batch endpoints.
FeatureValue featureBatchShare(const EntityProfile& p);
// Output tokens in the first 72 h after first seen, for entities first seen after the data starts.
FeatureValue featureNewAccountBurst(const EntityProfile& p);

// All features in a fixed order.
std::vector<FeatureValue> computeFeatures(const EntityProfile& p);

// "1.2M", "34k", "512".
std::string humanCount(double v);
std::string percent(double share);   // "92%"

} // namespace siphon::analysis
