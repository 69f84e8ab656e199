#pragma once
// Runs the sqlite dialect's feature query on an SQLite database (a case's own `request` table, or
// any SQLite file holding logs) and reads the result with full double precision.
#include "store/database.h"
#include "warehouse/extract_table.h"

namespace siphon::warehouse {

Result<ExtractTable> runSqliteFeatures(const store::Database& db, const std::string& query);

} // namespace siphon::warehouse
