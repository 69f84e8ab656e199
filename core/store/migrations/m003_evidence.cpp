// Schema version 3: evidence tables.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m003_evidence;
const Migration m003_evidence{3, "evidence", R"SQL(
CREATE TABLE evidence_placeholder (id INTEGER PRIMARY KEY);
)SQL"};

} // namespace siphon::store::migrations_detail
