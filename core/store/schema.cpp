#include "store/schema.h"

#include <string>

namespace siphon::store {

namespace migrations_detail {
extern const Migration m001_ingest;
extern const Migration m002_analysis;
extern const Migration m003_evidence;
extern const Migration m004_rollup_ids;
extern const Migration m005_content_slices;
extern const Migration m006_source_blocks;
extern const Migration m007_rollup_days;
extern const Migration m008_skipped_inputs;
extern const Migration m009_warehouse_extract;
extern const Migration m010_request_join;
} // namespace migrations_detail

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        migrations_detail::m001_ingest,
        migrations_detail::m002_analysis,
        migrations_detail::m003_evidence,
        migrations_detail::m004_rollup_ids,
        migrations_detail::m005_content_slices,
        migrations_detail::m006_source_blocks,
        migrations_detail::m007_rollup_days,
        migrations_detail::m008_skipped_inputs,
        migrations_detail::m009_warehouse_extract,
        migrations_detail::m010_request_join,
    };
    return all;
}

int latestSchemaVersion() { return migrations().back().version; }

Status migrate(Database& db, int target) {
    if (target < 0) target = latestSchemaVersion();
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId) {
        Error e = appId.error();
        e.code = ErrorCode::Schema;
        e.message = "not a Siphon case file (not an SQLite database): " + e.message;
        return e;
    }
    auto version = db.queryInt("PRAGMA user_version");
    if (!version) return version.error();
    auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (!tables) return tables.error();
    if (*appId != kApplicationId && !(*appId == 0 && *tables == 0))
        return makeError(ErrorCode::Schema, "not a Siphon case file (foreign SQLite database)", db.path());
    if (*version > latestSchemaVersion())
        return makeError(ErrorCode::Schema,
                         "case file has schema version " + std::to_string(*version) +
                             ", newer than this Siphon understands (" + std::to_string(latestSchemaVersion()) +
                             "); upgrade Siphon",
                         db.path());
    for (const Migration& m : migrations()) {
        if (m.version <= *version || m.version > target) continue;
        Transaction tx(db);
        if (!tx.began()) return tx.began().error();
        if (Status s = db.exec(m.sql); !s) {
            Error e = s.error();
            e.message = "migration " + std::to_string(m.version) + " (" + std::string(m.name) + ") failed: " + e.message;
            return e;
        }
        if (m.run) {
            if (Status s = m.run(db); !s) {
                Error e = s.error();
                e.message = "migration " + std::to_string(m.version) + " (" + std::string(m.name) + ") failed: " + e.message;
                return e;
            }
        }
        if (Status s = db.exec("PRAGMA application_id = " + std::to_string(kApplicationId) +
                               "; PRAGMA user_version = " + std::to_string(m.version));
            !s)
            return s;
        if (Status s = tx.commit(); !s) return s;
    }
    return {};
}

} // namespace siphon::store
