#include "ingest/case_names.h"

namespace siphon::ingest {

namespace {

// Every row of `sql` (kind, name, id) into the cache.
Status loadRows(store::Database& db, const char* sql, EntityIdCache& cache) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row)
        cache.remember(static_cast<int>(st->columnInt(0)), st->columnText(1), st->columnInt(2));
    if (r == store::StepResult::Error) return db.lastError("case names");
    return {};
}

} // namespace

Result<bool> loadCaseNames(store::Database& db, EntityIdCache& cache, size_t maxNames) {
    auto names = db.queryInt("SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM model_name)");
    if (!names) return names.error();
    if (*names < 0 || static_cast<size_t>(*names) >= maxNames) return false;   // the cap must leave room to learn
    if (Status s = loadRows(db, "SELECT level, name, id FROM entity", cache); !s) return s.error();
    const std::string models = "SELECT " + std::to_string(EntityIdCache::kModel) + ", name, id FROM model_name";
    if (Status s = loadRows(db, models.c_str(), cache); !s) return s.error();
    cache.assumeComplete();
    return cache.knowsAllNames();
}

} // namespace siphon::ingest
