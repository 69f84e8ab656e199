// Schema version 1: sources, per-request rows, aggregated buckets, rejects, duplicates, rollups.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m001_ingest;
const Migration m001_ingest{1, "ingest", R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);

-- One row per imported input file (or archive member). complete = 0 while its import runs or
-- after it was killed; such a file is resumed (same sha256) rather than imported twice.
CREATE TABLE source_file (
  id               INTEGER PRIMARY KEY,
  path             TEXT NOT NULL,          -- as given on the command line
  display_name     TEXT NOT NULL,
  sha256           TEXT NOT NULL UNIQUE,   -- of the bytes as stored (compressed if compressed)
  size_bytes       INTEGER NOT NULL,
  format           TEXT NOT NULL,
  format_hints     TEXT,                   -- JSON: compression, wrapper, version markers
  org_id_hint      TEXT,
  importer_version TEXT NOT NULL,
  imported_at_us   INTEGER NOT NULL,
  finished_at_us   INTEGER,
  complete         INTEGER NOT NULL DEFAULT 0,
  records          INTEGER NOT NULL DEFAULT 0,  -- records seen (requests + buckets + rejects + duplicates)
  requests         INTEGER NOT NULL DEFAULT 0,
  buckets          INTEGER NOT NULL DEFAULT 0,
  rejects          INTEGER NOT NULL DEFAULT 0,
  duplicates       INTEGER NOT NULL DEFAULT 0,
  conflicts        INTEGER NOT NULL DEFAULT 0,
  committed_offset INTEGER NOT NULL DEFAULT -1 -- decompressed offset of the last committed record
);

-- One row per API call. Empty strings are stored as NULL. Offsets are in the decompressed stream.
CREATE TABLE request (
  id                 INTEGER PRIMARY KEY,
  source_file_id     INTEGER NOT NULL REFERENCES source_file(id),
  line               INTEGER NOT NULL,
  byte_offset        INTEGER NOT NULL,
  byte_length        INTEGER NOT NULL,
  source_format      TEXT NOT NULL,
  record_key         TEXT NOT NULL,        -- request id / event id, or 'sha:' + content hash
  key_hash           INTEGER NOT NULL,     -- XXH3(format, record_key)
  content_hash       INTEGER NOT NULL,     -- XXH3(raw record bytes)
  ts_start_us        INTEGER NOT NULL,
  ts_end_us          INTEGER,
  ts_precision_us    INTEGER NOT NULL,
  latency_ms         REAL,
  provider           TEXT,
  org_id             TEXT,                 -- level 'account'
  project_id         TEXT,                 -- level 'project'
  api_key_id         TEXT,                 -- level 'key'
  api_key_label      TEXT,
  principal          TEXT,                 -- level 'user'
  end_user_id        TEXT,
  source_ip          TEXT,                 -- level 'ip'
  source_ip_masked   INTEGER NOT NULL DEFAULT 0,
  user_agent         TEXT,
  region             TEXT,
  model              TEXT,
  model_requested    TEXT,
  endpoint           TEXT,
  request_id         TEXT,
  correlation_id     TEXT,
  input_tokens       INTEGER,              -- total, including cache reads and writes
  output_tokens      INTEGER,
  cached_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  reasoning_tokens   INTEGER,
  request_bytes      INTEGER,
  response_bytes     INTEGER,
  status_code        INTEGER,
  error_code         TEXT,
  is_stream          INTEGER,
  cost_usd           REAL,
  prompt_hash        INTEGER,              -- XXH3 of the normalised prompt text, for template analysis
  has_content        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX request_dedup ON request(key_hash, content_hash);
CREATE INDEX request_source ON request(source_file_id, byte_offset);

-- The exact original bytes of each record, apart so analysis scans stay small.
CREATE TABLE request_raw (
  request_id INTEGER PRIMARY KEY REFERENCES request(id),
  raw        BLOB NOT NULL
);

-- Prompt and response text, when the format carries them (large, optional, sensitive).
CREATE TABLE request_content (
  request_id INTEGER PRIMARY KEY REFERENCES request(id),
  prompt     TEXT,
  response   TEXT
);

-- Aggregated rows (OpenAI / Anthropic usage reports). Never turned into requests.
CREATE TABLE usage_bucket (
  id                 INTEGER PRIMARY KEY,
  source_file_id     INTEGER NOT NULL REFERENCES source_file(id),
  line               INTEGER NOT NULL,
  byte_offset        INTEGER NOT NULL,
  byte_length        INTEGER NOT NULL,
  source_format      TEXT NOT NULL,
  key_hash           INTEGER NOT NULL,     -- XXH3 of the dimension tuple
  content_hash       INTEGER NOT NULL,     -- XXH3 of the measures
  bucket_start_us    INTEGER NOT NULL,
  bucket_end_us      INTEGER NOT NULL,
  bucket_width_s     INTEGER NOT NULL,
  requested_width    TEXT,                 -- '1m' | '1h' | '1d' when known
  group_by           TEXT NOT NULL,        -- sorted CSV of grouped dimensions
  org_id             TEXT,
  project_id         TEXT,
  user_id            TEXT,
  api_key_id         TEXT,
  model              TEXT,
  service_tier       TEXT,
  batch              INTEGER,
  context_window     TEXT,
  line_item          TEXT,
  num_requests       INTEGER,              -- NULL when the source has no count (Anthropic)
  input_tokens       INTEGER,
  output_tokens      INTEGER,
  cached_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  cost_usd           REAL,
  is_empty           INTEGER NOT NULL DEFAULT 0, -- a bucket with results: [] (zero usage, kept)
  raw                BLOB NOT NULL
);
CREATE UNIQUE INDEX usage_bucket_dedup ON usage_bucket(key_hash, content_hash);
CREATE INDEX usage_bucket_key_ts ON usage_bucket(api_key_id, bucket_start_us);

-- Records that could not be imported, with where they were and why.
CREATE TABLE reject (
  id             INTEGER PRIMARY KEY,
  source_file_id INTEGER NOT NULL REFERENCES source_file(id),
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  byte_length    INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  raw            BLOB,                     -- capped at 64 KiB
  raw_truncated  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reject_source ON reject(source_file_id, byte_offset);

-- Records seen again (same key and same content): counted, pointed at the first copy.
-- Records whose key was seen with different content are imported and listed as conflicts.
CREATE TABLE duplicate (
  id             INTEGER PRIMARY KEY,
  source_file_id INTEGER NOT NULL REFERENCES source_file(id),
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  kind           TEXT NOT NULL,            -- 'request' | 'bucket'
  first_row_id   INTEGER NOT NULL,         -- request.id or usage_bucket.id of the copy kept
  reason         TEXT NOT NULL
);
CREATE INDEX duplicate_source ON duplicate(source_file_id, byte_offset);

CREATE TABLE conflict (
  request_id       INTEGER NOT NULL REFERENCES request(id),
  other_request_id INTEGER NOT NULL REFERENCES request(id),
  record_key       TEXT NOT NULL,
  PRIMARY KEY (request_id, other_request_id)
) WITHOUT ROWID;

-- Entity x hour x model rollups, maintained on import, so timelines never scan request.
-- level: 0 account, 1 project, 2 key, 3 user, 4 ip.
CREATE TABLE rollup_hour (
  level         INTEGER NOT NULL,
  entity        TEXT NOT NULL,
  hour_us       INTEGER NOT NULL,
  model         TEXT NOT NULL,
  requests      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  PRIMARY KEY (level, entity, hour_us, model)
) WITHOUT ROWID;

-- Entity x minute rollups (no model split), for zoomed-in timelines and regularity features.
CREATE TABLE rollup_minute (
  level         INTEGER NOT NULL,
  entity        TEXT NOT NULL,
  minute_us     INTEGER NOT NULL,
  requests      INTEGER NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  PRIMARY KEY (level, entity, minute_us)
) WITHOUT ROWID;
)SQL"};

} // namespace siphon::store::migrations_detail
