#pragma once
// Coordination in aggregated usage data (OpenAI Usage / Anthropic usage reports: per key or
// project and hour, no prompts, no addresses, no clients), read from the bucket time series of
// entities whose profile was built from buckets:
//  - "same_project": keys of one project have one owner (weighted by how many keys share it);
//    it never links alone, only with timing evidence below.
//  - "relay": one entity's round-the-clock run stops and another's starts within the hour at a
//    similar level: the hand-over of rotated keys serving one job (their volumes sum to one
//    smooth stream).
//  - "balanced_volume": two entities active over the same hours whose hourly request counts are
//    far closer than independent traffic allows (Poisson-like traffic differs by about the
//    square root of its count; a dispatcher dealing jobs out in turn keeps every member level).
//    The strong form (more hours, started together) links alone.
// Edges are added to the linker's book (link_pairs.h). Pure computation.
#include "analysis/detector_config.h"
#include "analysis/entity_profile.h"
#include "analysis/link_pairs.h"

#include <vector>

namespace siphon::analysis {

void linkAggregateUsage(const LinkingConfig& config, const std::vector<EntityProfile>& profiles, PairBook& book);

// Hand-overs from a's runs to b's: a qualifying run of a ends and one of b starts in the next
// hour (or the same, or the one after), at a level (volume per active hour) within 2x.
int countRelays(const LinkingConfig& config, const EntityProfile& a, const EntityProfile& b);

// Request counts of two entities per window over the stretch where both were active (windows
// where neither was are skipped): dispersion = mean of (a - b)^2 / (a + b) (about 1 for
// independent Poisson traffic of equal rates, more for anything burstier), level = the smaller
// total over the larger. The window is the shortest of 1, 2, 4, 8, 12 or 24 hours in which the
// quieter entity averages minPerWindow requests (turns are only visible over several requests
// each). windows = 0 when counts are unknown (token-only reports).
struct VolumeBalance {
    int windowHours = 0;
    int windows = 0;
    double dispersion = 0;
    double level = 0;
};
VolumeBalance volumeBalance(const EntityProfile& a, const EntityProfile& b, double minPerWindow);

} // namespace siphon::analysis
