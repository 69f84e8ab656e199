#pragma once
// Before a run into a case that already holds names: its entity and model names go into the run's
// name cache in one sequential read, when they fit under the cache's cap. The run then knows every
// name of the case, as a run into an empty case does, and a name it has not seen is new: no SQL
// lookup per entity per run (150,000 random index probes for a 30-day narrow folder). The read
// costs in proportion to the names, not to the requests; a case with more names than the cap
// is not read at all, and its names are looked up in SQL as before.
#include "ingest/entity_id_cache.h"
#include "store/database.h"

namespace siphon::ingest {

// True when every name of the case is now in `cache`.
Result<bool> loadCaseNames(store::Database& db, EntityIdCache& cache, size_t maxNames);

} // namespace siphon::ingest
