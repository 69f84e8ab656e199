#pragma once
// Helpers for the tests of analysis from a warehouse extract: the sqlite dialect's extract of a
// case's own requests, a stand-in provenance for it, and the verdicts an analysis stored.
#include "store/database.h"
#include "store/entity_level.h"
#include "warehouse/extract_store.h"

#include <map>
#include <string>

namespace siphon::test {

struct Verdict {
    double score = 0;
    bool flagged = false;
    std::string reasons;
};

// entity_score of the level, by entity.
std::map<std::string, Verdict> verdicts(const store::Database& db, EntityLevel level);

// The sqlite dialect's feature query run on the case's request table (test_feature_sql.cpp shows
// it equals the app's features).
warehouse::ExtractTable sqliteExtract(const store::Database& db, EntityLevel level);

// Provenance for an extract the test computed itself (engine "sqlite", fixed hashes and times).
warehouse::ExtractProvenance provenanceFor(EntityLevel level);

// The relative tolerance of a score computed from extract features against one computed from the
// records or another engine's extract (the features agree to kFeatureTolerance; the score is a
// weighted sum of clamped ramps of them).
constexpr double kScoreTolerance = 1e-9;
bool sameScore(double a, double b);

} // namespace siphon::test
