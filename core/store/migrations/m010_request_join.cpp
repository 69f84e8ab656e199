// Schema version 10: the CloudTrail <-> Bedrock invocation join. A call logged by both keeps one
// request row (the invocation's, with the CloudTrail event's access key, source IP and user agent
// filled in); the CloudTrail event's own provenance moves to `request_join`, so its raw line stays
// addressable and the join names both sources. Partial indexes on request_id find the other half
// of a call whichever log was imported first; only rows of these two formats pay for it.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m010_request_join;
const Migration m010_request_join{10, "request_join", R"SQL(
-- One row per CloudTrail event joined into a request: where its bytes are (read back from
-- source_block like a request's, or from raw_copy when they were not verbatim in the stream) and
-- the natural key and content hash it was imported under (a later copy of it is a duplicate).
CREATE TABLE request_join (
  request_id     INTEGER PRIMARY KEY REFERENCES request(id),   -- the call's row (the invocation's)
  source_file_id INTEGER NOT NULL REFERENCES source_file(id),  -- the CloudTrail event's file
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  byte_length    INTEGER NOT NULL,
  source_format  TEXT NOT NULL,
  record_key     TEXT NOT NULL,
  key_hash       INTEGER NOT NULL,
  content_hash   INTEGER NOT NULL,
  raw_copy       BLOB
);
CREATE INDEX request_join_key ON request_join(key_hash, content_hash);
CREATE INDEX request_join_source ON request_join(source_file_id, byte_offset);

-- One per format: SQLite uses a partial index only when the query names its condition exactly, and
-- with source_format in the index the join's lookups never read a request row.
CREATE INDEX request_cloudtrail_call ON request(request_id, source_format) WHERE source_format = 'aws_cloudtrail';
CREATE INDEX request_invocation_call ON request(request_id, source_format) WHERE source_format = 'bedrock_invocation';

-- Of a file's records imported as requests, those later joined into another file's request
-- (records = requests + buckets + rejects + duplicates + joined).
ALTER TABLE source_file ADD COLUMN joined INTEGER NOT NULL DEFAULT 0;
)SQL"};

} // namespace siphon::store::migrations_detail
