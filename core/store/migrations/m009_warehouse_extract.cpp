// Schema version 9: feature extracts computed where the logs live (`warehouse features`), one row
// per entity, with the provenance a reader needs to trust them: engine and server version, the
// query and its SHA-256, the row count, start and end time, and the SHA-256 of the result as read.
// The URL is stored without its password.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m009_warehouse_extract;
const Migration m009_warehouse_extract{9, "warehouse_extract", R"SQL(
CREATE TABLE warehouse_extract (
  id              INTEGER PRIMARY KEY,
  level           INTEGER NOT NULL,      -- 0 account, 1 project, 2 key, 3 user, 4 ip
  engine          TEXT NOT NULL,         -- 'clickhouse' | 'postgres' | 'sqlite'
  server_version  TEXT NOT NULL,
  url             TEXT NOT NULL,         -- password removed
  table_name      TEXT NOT NULL,
  mapping_json    TEXT NOT NULL,
  query_text      TEXT NOT NULL,
  query_sha256    TEXT NOT NULL,
  row_count       INTEGER NOT NULL,
  started_at_us   INTEGER NOT NULL,
  finished_at_us  INTEGER NOT NULL,
  result_sha256   TEXT NOT NULL,         -- of the result bytes as read (see docs/warehouse.md)
  author          TEXT NOT NULL
);

-- The extract's values: one row per entity and column (NULL = not available for that entity).
CREATE TABLE warehouse_extract_value (
  extract_id  INTEGER NOT NULL REFERENCES warehouse_extract(id),
  entity      TEXT NOT NULL,
  column_name TEXT NOT NULL,
  value       REAL,
  PRIMARY KEY (extract_id, entity, column_name)
) WITHOUT ROWID;
)SQL"};

} // namespace siphon::store::migrations_detail
