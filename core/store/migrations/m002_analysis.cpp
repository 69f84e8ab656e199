// Schema version 2: analysis tables.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m002_analysis;
const Migration m002_analysis{2, "analysis", R"SQL(
CREATE TABLE analysis_placeholder (id INTEGER PRIMARY KEY);
)SQL"};

} // namespace siphon::store::migrations_detail
