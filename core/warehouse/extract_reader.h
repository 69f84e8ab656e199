#pragma once
// Reads a stored feature extract (extract_store.h) back: its provenance and its one row per
// entity, in extractColumns() order (a column the stored extract lacks reads as not available).
// Thread: the caller's.
#include "store/database.h"
#include "warehouse/extract_store.h"

#include <optional>

namespace siphon::warehouse {

struct StoredExtract {
    int64_t id = 0;
    int64_t rowCount = 0;
    ExtractProvenance provenance;
    ExtractTable table;
};

// The newest extract of the level, or nullopt when the case holds none or it has no more than
// `moreRowsThan` rows (its values are then not read).
Result<std::optional<StoredExtract>> latestExtract(const store::Database& db, EntityLevel level,
                                                   int64_t moreRowsThan = -1);

// One extract's provenance (its table left empty), or nullopt when there is no such extract.
Result<std::optional<StoredExtract>> extractProvenance(const store::Database& db, int64_t id);

// "warehouse extract 3 (clickhouse 18.16.1, table requests, 25,000 rows, query SHA-256 ab12…)".
std::string describeExtract(const StoredExtract& e);

} // namespace siphon::warehouse
