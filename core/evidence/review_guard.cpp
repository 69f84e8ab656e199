#include "evidence/review_guard.h"

namespace siphon::evidence {

namespace {

constexpr const char* kReviewTablesSql = R"SQL(
CREATE TABLE review_origin (
  review_id      TEXT NOT NULL,
  master_name    TEXT NOT NULL,
  cut_seq        INTEGER NOT NULL,
  cut_head_hash  TEXT NOT NULL,
  max_tag_id     INTEGER NOT NULL,
  cut_at_us      INTEGER NOT NULL,
  records        INTEGER NOT NULL,
  records_digest TEXT NOT NULL,
  sources_digest TEXT NOT NULL
);
-- The SHA-256 of each record's exact bytes at the cut (and of its joined event's, if any),
-- checked again on every open.
CREATE TABLE review_record (
  request_id    INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL,
  joined_sha256 TEXT
);
)SQL";

std::string triggerSql(const std::string& table, const char* op) {
    return "CREATE TRIGGER review_frozen_" + table + "_" + op + " BEFORE " + op + " ON " + table +
        " BEGIN SELECT RAISE(ABORT, 'review case: evidence is read-only (" + op + " on " + table +
        " refused)'); END;\n";
}

} // namespace

const std::vector<std::string>& reviewFrozenTables() {
    static const std::vector<std::string> tables{"source_file",
                                                 "request",
                                                 "request_raw_copy",
                                                 "request_text",
                                                 "request_join",
                                                 "source_block",
                                                 "usage_bucket",
                                                 "reject",
                                                 "duplicate",
                                                 "conflict",
                                                 "entity",
                                                 "model_name",
                                                 "rollup_day",
                                                 "analysis_run",
                                                 "entity_score",
                                                 "entity_feature",
                                                 "cluster",
                                                 "cluster_member",
                                                 "cluster_edge",
                                                 "skipped_input",
                                                 "warehouse_extract",
                                                 "warehouse_extract_value",
                                                 "review_origin",
                                                 "review_record"};
    return tables;
}

Status createReviewTables(store::Database& db) { return db.exec(kReviewTablesSql); }

Status freezeReviewEvidence(store::Database& db) {
    std::string sql;
    for (const auto& table : reviewFrozenTables())
        for (const char* op : {"INSERT", "UPDATE", "DELETE"}) sql += triggerSql(table, op);
    return db.exec(sql);
}

Result<std::optional<ReviewOrigin>> loadReviewOrigin(const store::Database& db) {
    auto has = db.queryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'review_origin'");
    if (!has) return has.error();
    if (*has == 0) return std::optional<ReviewOrigin>{};
    auto st = db.prepare("SELECT review_id, master_name, cut_seq, cut_head_hash, max_tag_id, cut_at_us, records,"
                         " records_digest, sources_digest FROM review_origin");
    if (!st) return st.error();
    if (st->step() != store::StepResult::Row)
        return makeError(ErrorCode::Verify, "review case has no origin row (damaged review case)", db.path());
    ReviewOrigin o{st->columnText(0), st->columnText(1), st->columnInt(2),  st->columnText(3), st->columnInt(4),
                   st->columnInt(5),  st->columnInt(6),  st->columnText(7), st->columnText(8)};
    return std::optional<ReviewOrigin>{std::move(o)};
}

Status refuseInReviewCase(const store::Database& db, const std::string& what) {
    auto origin = loadReviewOrigin(db);
    if (!origin) return origin.error();
    if (!*origin) return {};
    return makeError(ErrorCode::ReadOnly,
                     what + " refused: this is a review case (cut from " + (*origin)->masterName +
                         "); its evidence is read-only — tags and notes only",
                     db.path());
}

} // namespace siphon::evidence
