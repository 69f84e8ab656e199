#pragma once
// The first pass where the logs live: generates the feature SQL for the server's engine, runs it,
// checks and parses the one-row-per-entity result, and stores it in the case with its provenance
// (extract_store.h). Nothing is written to the case unless every step succeeded, so an unreachable
// server, refused credentials, a missing table or column, a timeout or a malformed result leave
// the case as it was.
#include "store/database.h"
#include "warehouse/feature_sql.h"
#include "warehouse/warehouse_url.h"

namespace siphon::warehouse {

struct FeaturePassOptions {
    FeatureSqlOptions sql;        // engine must be the URL's
    WarehouseUrl url;
    int timeoutSeconds = 600;
    std::string author;
};

struct FeaturePassSummary {
    int64_t extractId = 0;
    int64_t entities = 0;
    std::string serverVersion;
    std::string querySha256;
    std::string resultSha256;
    double seconds = 0;
};

Result<FeaturePassSummary> runFeaturePass(store::Database& db, const FeaturePassOptions& options);

} // namespace siphon::warehouse
