// Schema version 5: prompt and response text kept once. Most prompts appear verbatim in the raw
// record (a CSV field without doubled quotes, a JSON string without escapes); storing them again
// doubled what an import writes. request_raw now holds where they sit in `raw`, or their text when
// they do not appear verbatim (unescaped, or assembled from several fields); `request_content`
// becomes a view with its version-1 columns, so readers, the full-text index and the sqlite3 shell
// see no change.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m005_content_slices;
const Migration m005_content_slices{5, "content_slices", R"SQL(
ALTER TABLE request_raw ADD COLUMN prompt_at INTEGER;     -- 0-based byte offset of the prompt in raw
ALTER TABLE request_raw ADD COLUMN prompt_len INTEGER;
ALTER TABLE request_raw ADD COLUMN response_at INTEGER;
ALTER TABLE request_raw ADD COLUMN response_len INTEGER;
ALTER TABLE request_raw ADD COLUMN prompt TEXT;           -- when not a verbatim slice of raw
ALTER TABLE request_raw ADD COLUMN response TEXT;

UPDATE request_raw SET prompt = c.prompt, response = c.response
  FROM request_content c WHERE c.request_id = request_raw.request_id;
DROP TABLE request_content;

CREATE VIEW request_content AS
  SELECT request_id,
         coalesce(prompt, CAST(substr(raw, prompt_at + 1, prompt_len) AS TEXT)) AS prompt,
         coalesce(response, CAST(substr(raw, response_at + 1, response_len) AS TEXT)) AS response
  FROM request_raw
  WHERE coalesce(prompt_at, prompt, response_at, response) IS NOT NULL;
)SQL"};

} // namespace siphon::store::migrations_detail
