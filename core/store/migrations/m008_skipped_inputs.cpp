// Schema version 8: paths a folder import left out (symbolic links to folders, broken links,
// FIFOs, sockets, devices, folders that cannot be read), with why. An import names them on the
// terminal; the case keeps them so `info` and a report can say what was not looked at.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m008_skipped_inputs;
const Migration m008_skipped_inputs{8, "skipped_inputs", R"SQL(
CREATE TABLE skipped_input (
  id            INTEGER PRIMARY KEY,
  path          TEXT NOT NULL,
  reason        TEXT NOT NULL,
  skipped_at_us INTEGER NOT NULL,
  author        TEXT NOT NULL
);
CREATE INDEX skipped_input_path ON skipped_input(path);
)SQL"};

} // namespace siphon::store::migrations_detail
