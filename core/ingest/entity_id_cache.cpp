#include "ingest/entity_id_cache.h"

namespace siphon::ingest {

namespace {

// Streams (kind, name, id) rows into the cache until it is full.
Status loadRows(store::Database& db, const char* sql, bool hasLevel, EntityIdCache& cache) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    store::StepResult r = store::StepResult::Done;
    while (!cache.full() && (r = st->step()) == store::StepResult::Row) {
        const int kind = hasLevel ? static_cast<int>(st->columnInt(0)) : EntityIdCache::kModel;
        const int col = hasLevel ? 1 : 0;
        if (kind < 0 || kind > EntityIdCache::kModel) continue;   // not a level this import writes
        cache.remember(kind, st->columnText(col), st->columnInt(col + 1));
    }
    if (!cache.full() && r == store::StepResult::Error) return db.lastError("entity names");
    return {};
}

} // namespace

Status loadCaseNames(store::Database& db, EntityIdCache& cache) {
    if (Status s = loadRows(db, "SELECT name, id FROM model_name", false, cache); !s) return s;
    return loadRows(db, "SELECT level, name, id FROM entity WHERE level BETWEEN 0 AND 4", true, cache);
}

} // namespace siphon::ingest
