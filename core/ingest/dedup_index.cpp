#include "ingest/dedup_index.h"

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

Result<bool> flagSet(store::Database& db) {
    auto st = db.prepare("SELECT 1 FROM meta WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, kFlag);
    return st->step() == store::StepResult::Row;
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
    auto st = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, '1')");
    if (!st) return st.error();
    st->bind(1, kFlag);
    if (Status s = st->run(); !s) return s.error();
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

Status restoreInterruptedDedup(store::Database& db) {
    auto flagged = flagSet(db);
    if (!flagged) return flagged.error();
    if (!*flagged) return {};
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    if (Status s = buildDedupIndex(db); !s) return s;
    if (Status s = db.exec(kAllConflicts); !s) return s;
    if (Status s = db.exec(kRecount); !s) return s;
    if (Status s = clearFlag(db); !s) return s;
    return tx.commit();
}

} // namespace siphon::ingest
