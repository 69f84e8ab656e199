#pragma once
// Stores a feature extract in the case with its provenance, and its audit entry, in one
// transaction: either the whole extract and its "warehouse-features" entry are in the case, or
// nothing changed. Thread: the caller's; db must be a writer connection.
#include "store/database.h"
#include "store/entity_level.h"
#include "warehouse/extract_table.h"

#include <string>

namespace siphon::warehouse {

struct ExtractProvenance {
    EntityLevel level = EntityLevel::Account;
    std::string engine;          // engineName()
    std::string serverVersion;   // as the server reported it
    std::string url;             // without password (redactedUrl)
    std::string table;
    std::string mappingJson;
    std::string query;
    std::string querySha256;
    std::string resultSha256;    // of the result bytes as read
    int64_t startedAtUs = 0;
    int64_t finishedAtUs = 0;
    std::string author;
};

// Returns the new extract's id.
Result<int64_t> storeExtract(store::Database& db, const ExtractProvenance& provenance, const ExtractTable& extract);

} // namespace siphon::warehouse
