// Schema version 6: input files are kept as compressed blocks of their bytes, not as one raw copy
// per request. `request_raw` held every record's bytes a second time in the case (the largest
// table, and most of an import's writes); a block holds a run of the file's (decompressed) stream,
// zstd-compressed with a checksum, and a record is read back from (source file, offset, length).
// Prompts move onto `request` as text (analysis reads them all, in entity order, which compressed
// blocks cannot serve); a response is a slice of its record in the blocks, or text in
// `request_text`. Rows imported before keep their own bytes in `request_raw_copy`. `request_raw`
// and `request_content` become views with their old columns.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m006_source_blocks;
const Migration m006_source_blocks{6, "source_blocks", R"SQL(
-- A run of an input file's stream: bytes [start_offset, start_offset + raw_length) of the
-- decompressed stream, as read. Blocks of one file do not overlap; records may span two.
CREATE TABLE source_block (
  id             INTEGER PRIMARY KEY,
  source_file_id INTEGER NOT NULL REFERENCES source_file(id),
  start_offset   INTEGER NOT NULL,
  raw_length     INTEGER NOT NULL,
  codec          TEXT NOT NULL,            -- 'zstd' (frame with content checksum) | 'none'
  data           BLOB NOT NULL,
  UNIQUE (source_file_id, start_offset)
);

-- The prompt as text (not named `prompt`, which request_content has): every analysis reads every prompt, in entity order, so it stays on the row.
-- The response stays in the source block when it is a verbatim slice of the record (0-based byte
-- offset in the record's bytes); otherwise its text is in request_text.
ALTER TABLE request ADD COLUMN prompt_text TEXT;
ALTER TABLE request ADD COLUMN response_at INTEGER;
ALTER TABLE request ADD COLUMN response_len INTEGER;

CREATE TABLE request_text (
  request_id INTEGER PRIMARY KEY REFERENCES request(id),
  response   TEXT NOT NULL
);

-- A record's bytes when they are not in a source block (imported before version 6).
CREATE TABLE request_raw_copy (
  request_id INTEGER PRIMARY KEY REFERENCES request(id),
  raw        BLOB NOT NULL
);

UPDATE request SET prompt_text = coalesce(w.prompt, CAST(substr(w.raw, w.prompt_at + 1, w.prompt_len) AS TEXT)),
                   response_at = w.response_at, response_len = w.response_len
  FROM request_raw w WHERE w.request_id = request.id AND coalesce(w.prompt, w.prompt_at, w.response_at) IS NOT NULL;
INSERT INTO request_text(request_id, response) SELECT request_id, response FROM request_raw WHERE response IS NOT NULL;
UPDATE request SET has_content = 1 WHERE id IN
  (SELECT request_id FROM request_raw WHERE coalesce(prompt_at, prompt, response_at, response) IS NOT NULL);
INSERT INTO request_raw_copy(request_id, raw) SELECT request_id, raw FROM request_raw;
DROP VIEW request_content;
DROP TABLE request_raw;

CREATE VIEW request_raw AS
  SELECT r.id AS request_id,
         coalesce((SELECT c.raw FROM request_raw_copy c WHERE c.request_id = r.id),
                  siphon_source_bytes(r.source_file_id, r.byte_offset, r.byte_length)) AS raw
  FROM request r;

CREATE VIEW request_content AS
  SELECT r.id AS request_id, r.prompt_text AS prompt,
         CASE WHEN r.response_at IS NULL THEN (SELECT t.response FROM request_text t WHERE t.request_id = r.id)
              ELSE CAST(coalesce((SELECT substr(c.raw, r.response_at + 1, r.response_len) FROM request_raw_copy c
                                  WHERE c.request_id = r.id),
                                 siphon_source_bytes(r.source_file_id, r.byte_offset + r.response_at, r.response_len))
                        AS TEXT) END AS response
  FROM request r WHERE r.has_content = 1;
)SQL"};

} // namespace siphon::store::migrations_detail
