#pragma once
// A generated case for the warehouse tests: generic CSV traffic imported and analysed, and the
// app's own feature values read back from entity_feature, to compare with a feature extract.
#include "warehouse/extract_table.h"

#include "store/database.h"
#include "store/entity_level.h"
#include "test_paths.h"

#include <map>
#include <optional>
#include <string>

namespace siphon::test {

// entity -> feature name -> value (nullopt = not available), as the analysis stored them.
using FeatureMap = std::map<std::string, std::map<std::string, std::optional<double>>>;

struct GeneratedCase {
    TempDir dir;
    std::string path;                  // the .siphon file
    std::vector<std::string> csvFiles; // the generated generic CSV files, as imported
};

// Generates `accounts` accounts over `days` days (seed fixed), imports and analyses them at the
// account, key and IP levels. Fails the current test on error.
void buildGeneratedCase(GeneratedCase& c, int accounts, int days);

// The app's features of every entity of the case's request rows, computed as the analyzer does.
FeatureMap appFeatures(const store::Database& db, EntityLevel level);
FeatureMap extractFeatures(const warehouse::ExtractTable& t);

// Relative tolerance for comparing a feature computed in SQL with the app's (both doubles; the SQL
// sums squares in another order and takes log2 through LN on some engines).
constexpr double kFeatureTolerance = 1e-9;

// Every entity and feature of `want` in `got`, equal within kFeatureTolerance; names the first mismatch.
std::string compareFeatures(const FeatureMap& want, const FeatureMap& got);

} // namespace siphon::test
