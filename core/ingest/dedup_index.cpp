#include "ingest/dedup_index.h"

#include "ingest/record_key_set.h"

#include <string>

namespace siphon::ingest {

namespace {
constexpr const char* kFlag = "dedup_index_deferred";

// The conflict rows of one key (or of every key seen twice when keyHash is null): each row whose
// natural key names other content than an earlier row.
constexpr const char* kConflictsOfKey =
    "INSERT OR IGNORE INTO conflict(request_id, other_request_id, record_key)"
    " SELECT r.id, o.id, r.record_key FROM request r JOIN request o ON o.key_hash = r.key_hash AND o.id < r.id"
    " WHERE r.key_hash = ?1 AND r.record_key NOT LIKE 'content:%'";
constexpr const char* kAllConflicts =
    "INSERT OR IGNORE INTO conflict(request_id, other_request_id, record_key)"
    " SELECT r.id, o.id, r.record_key FROM request r JOIN request o ON o.key_hash = r.key_hash AND o.id < r.id"
    " WHERE r.record_key NOT LIKE 'content:%' AND r.key_hash IN"
    " (SELECT key_hash FROM request GROUP BY key_hash HAVING count(*) > 1)";
constexpr const char* kRecount =
    "UPDATE source_file SET conflicts = (SELECT count(DISTINCT c.request_id) FROM conflict c"
    " JOIN request r ON r.id = c.request_id WHERE r.source_file_id = source_file.id)";

// 'running' while a run deduplicates in memory; 'pending' once it finished without building the
// index (nothing needed it). Empty when the index is in place.
Result<std::string> flag(store::Database& db) {
    auto st = db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, kFlag);
    return st->step() == store::StepResult::Row ? st->columnText(0) : std::string();
}

Status setFlag(store::Database& db, const char* value) {
    auto st = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    if (!st) return st.error();
    st->bind(1, kFlag).bind(2, value);
    return st->run();
}

Result<bool> indexExists(store::Database& db) {
    auto n = db.queryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'request_dedup'");
    if (!n) return n.error();
    return *n > 0;
}

Status clearFlag(store::Database& db) {
    auto st = db.prepare("DELETE FROM meta WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, kFlag);
    return st->run();
}
} // namespace

Result<bool> beginDeferredDedup(store::Database& db) {
    auto any = db.queryInt("SELECT EXISTS(SELECT 1 FROM request)");
    if (!any) return any.error();
    if (*any) return false;
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    if (Status s = db.exec("DROP INDEX IF EXISTS request_dedup"); !s) return s.error();
    if (Status s = setFlag(db, "running"); !s) return s.error();
    if (Status s = tx.commit(); !s) return s.error();
    return true;
}

Status buildDedupIndex(store::Database& db) {
    return db.exec("CREATE UNIQUE INDEX IF NOT EXISTS request_dedup ON request(key_hash, content_hash)");
}

Status finishDeferredDedup(store::Database& db, const std::vector<int64_t>& conflictKeys,
                           const std::vector<int64_t>& sources) {
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    auto indexed = indexExists(db);
    if (!indexed) return indexed.error();
    if (conflictKeys.empty() && !*indexed) {
        // Nothing needs the index yet: the next import builds it before it deduplicates (a sorted
        // build either way). Every row is unique already: the set was exact.
        if (Status s = setFlag(db, "pending"); !s) return s;
        return tx.commit();
    }
    if (Status s = buildDedupIndex(db); !s) return s;
    if (!conflictKeys.empty()) {
        auto st = db.prepare(kConflictsOfKey);
        if (!st) return st.error();
        for (int64_t key : conflictKeys) {
            st->bind(1, key);
            if (Status s = st->run(); !s) return s;
            st->reset();
        }
        auto recount = db.prepare(std::string(kRecount) + " WHERE id = ?1");
        if (!recount) return recount.error();
        for (int64_t source : sources) {
            recount->bind(1, source);
            if (Status s = recount->run(); !s) return s;
            recount->reset();
        }
    }
    if (Status s = clearFlag(db); !s) return s;
    return tx.commit();
}

Status growCacheForIndex(store::Database& db, size_t maxKeysInMemory) {
    const int64_t keySetKiB = static_cast<int64_t>(RecordKeySet::bytesAtCap(maxKeysInMemory) / 1024);
    return db.exec("PRAGMA cache_size=-" + std::to_string(kImportCacheKiB + keySetKiB));
}

Status restoreInterruptedDedup(store::Database& db) {
    auto state = flag(db);
    if (!state) return state.error();
    if (state->empty()) return {};
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    if (Status s = buildDedupIndex(db); !s) return s;
    if (*state != "pending") {
        // Killed mid-run: the conflicts it found in memory were lost with it.
        if (Status s = db.exec(kAllConflicts); !s) return s;
        if (Status s = db.exec(kRecount); !s) return s;
    }
    if (Status s = clearFlag(db); !s) return s;
    return tx.commit();
}

} // namespace siphon::ingest
