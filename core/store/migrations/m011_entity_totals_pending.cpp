// Schema version 11 (entity_totals_pending): an import run adds each transaction's sums of entities
// that already exist to this log, one blob per transaction, instead of updating every such
// `entity` row in every transaction. The run applies the log to `entity` once at its end (or when
// the log grows large) and deletes what it applied in the same transaction, so each blob counts
// exactly once; a killed run's blobs are applied by the next import before anything else.
#include "store/schema.h"

namespace siphon::store::migrations_detail {

extern const Migration m011_entity_totals_pending;
const Migration m011_entity_totals_pending{11, "entity_totals_pending", R"SQL(
-- deltas: (entity id, requests, input, output, first/last hour) per entity, ingest/entity_totals_log.h
CREATE TABLE entity_totals_pending (
  id     INTEGER PRIMARY KEY,
  deltas BLOB NOT NULL
);
)SQL"};

} // namespace siphon::store::migrations_detail
