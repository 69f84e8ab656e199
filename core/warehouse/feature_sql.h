#pragma once
// The per-entity feature SQL, generated for one engine from the detector's own feature
// definitions (core/analysis/features): one row per entity with the raw aggregates the features
// read and the numeric feature values themselves, computed as the app computes them (same
// conditions for "not available", which come back as NULL). Text features (templates, reasoning
// elicitation, topics) need prompts: a second, bounded query samples them per entity.
//
// Shape: a volume block, then four blocks (hour-of-week histogram, days, minutes, the
// time-ordered sequence) each joined on the entity in its own nested SELECT, because ClickHouse
// 18.16 allows one JOIN per SELECT and has no WITH subqueries. Inter-arrival gaps and the 95th
// percentile minute need order: window functions (LAG, ROW_NUMBER) where the engine has them,
// arrays (groupArray, arraySort, arrayDifference, quantileExact) on ClickHouse 18.16, which has
// none; a current ClickHouse (21.3+) could use lagInFrame/row_number instead.
#include "store/entity_level.h"
#include "warehouse/sql_dialect.h"

#include <string>
#include <vector>

namespace siphon::warehouse {

struct FeatureSqlOptions {
    Engine engine = Engine::Postgres;
    EntityLevel level = EntityLevel::Account;
    WarehouseMapping mapping = WarehouseMapping::narrowDefault();
    std::string table = "requests";                 // checked with isTableName
    std::vector<std::string> batchEndpointMarkers;   // from the detector config
    int textSamplePerEntity = 200;                   // prompts per entity in the sample query
};

struct FeatureSql {
    std::string featureQuery;              // one row per entity, columns = extractColumns()
    std::string sampleQuery;               // empty when the mapping has no prompt column
};

// The feature query's columns, in order: "entity", the raw aggregates, then the feature values
// named as the app names them ("volume", "output_input_ratio", ...).
const std::vector<std::string>& extractColumns();
// The subset of extractColumns() that are feature values computed by the app too.
const std::vector<std::string>& extractFeatureColumns();

Result<FeatureSql> generateFeatureSql(const FeatureSqlOptions& options);

} // namespace siphon::warehouse
