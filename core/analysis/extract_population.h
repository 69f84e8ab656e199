#pragma once
// The entities of a warehouse feature extract (warehouse/extract_reader.h) as the scorer and the
// linker read them: a profile holding the extract's aggregates (volume, tokens, cache, batch,
// first and last seen, 429s, early output) and the extract's feature values, each with its
// sentence. What the extract cannot carry is left out, not faked: the text features (no prompt
// sample is stored with an extract), the per-day, per-minute and hourly series (so no onset and
// no busiest-window damper) and the linking keys (IPs, user agents, templates, timing series):
// such an entity links by creation time only. Pure computation; no database access.
#include "analysis/entity_profile.h"
#include "analysis/features/features.h"
#include "warehouse/extract_reader.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace siphon::analysis {

struct ExtractEntity {
    EntityProfile profile;
    std::vector<FeatureValue> features; // computeFeatures() order and names
};

// The extract's entities that are not in `known` (those the case's own records describe better).
std::vector<ExtractEntity> extractEntities(const warehouse::StoredExtract& extract,
                                           const std::unordered_set<std::string>& known, int64_t datasetEndUs);

// The data's span as the extract saw it: [earliest dataset_start_us, latest last_us]; {INT64_MAX, 0} if empty.
std::pair<int64_t, int64_t> extractSpan(const warehouse::ExtractTable& table);

// The note every extract-scored entity carries: where its features came from and which were not available.
std::string extractReason(const warehouse::StoredExtract& extract);

} // namespace siphon::analysis
