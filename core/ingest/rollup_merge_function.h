#pragma once
// SQL functions siphon_merge_hours(a, b) / siphon_merge_minutes(a, b): the key-by-key sum of two
// rollup blobs (store/rollup_codec.h). Registered on the import connection only, so the writer's
// upsert merges a day that spans two transactions inside SQLite, in one statement. A damaged blob
// makes the statement fail. Direct-only: never callable from a trigger or view stored in a file.
#include "store/database.h"

namespace siphon::ingest {

Status registerRollupMergeFunctions(store::Database& db);

} // namespace siphon::ingest
