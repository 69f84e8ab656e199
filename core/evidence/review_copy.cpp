#include "evidence/review_copy.h"

#include "evidence/review_case.h"
#include "util/hash.h"

namespace siphon::evidence::review_copy {

namespace {

// Same schema version on both sides (the review case is created by this build, the master is
// opened by it), so whole rows copy column for column.
Status copyAll(store::Database& review, const std::string& table) {
    return review.exec("INSERT INTO main." + table + " SELECT * FROM master." + table);
}

Status copyWhere(store::Database& review, const std::string& table, const std::string& condition) {
    return review.exec("INSERT INTO main." + table + " SELECT * FROM master." + table + " WHERE " + condition);
}

Status fillTempIds(store::Database& review, const Selection& sel) {
    if (Status s = review.exec("CREATE TEMP TABLE review_ids (id INTEGER PRIMARY KEY);"
                               "CREATE TEMP TABLE review_entities (level INTEGER, name TEXT, PRIMARY KEY (level, name));"
                               "CREATE TEMP TABLE review_clusters (id INTEGER PRIMARY KEY);");
        !s)
        return s;
    auto ids = review.prepare("INSERT INTO temp.review_ids(id) VALUES (?)");
    auto ents = review.prepare("INSERT INTO temp.review_entities(level, name) VALUES (?, ?)");
    auto cls = review.prepare("INSERT INTO temp.review_clusters(id) VALUES (?)");
    if (!ids || !ents || !cls) return makeError(ErrorCode::Database, "review case: preparing the selection");
    for (const auto& [id, rec] : sel.records)
        if (Status s = ids->bind(1, id).run(); !s) return s;
        else ids->reset();
    for (const auto& [level, name] : sel.entities)
        if (Status s = ents->bind(1, level).bind(2, name).run(); !s) return s;
        else ents->reset();
    for (int64_t id : sel.clusters)
        if (Status s = cls->bind(1, id).run(); !s) return s;
        else cls->reset();
    return {};
}

} // namespace

Selection selectTagged(const EvidenceSet& set) {
    Selection sel;
    for (const auto& ex : set.exhibits) {
        for (const auto& r : ex.records) sel.records.emplace(r.requestRowId, &r);
        for (const auto& f : ex.findings) sel.entities.emplace(static_cast<int>(f.level), f.entity);
        if (ex.tag.target.kind == TargetKind::Cluster) sel.clusters.insert(ex.tag.target.clusterId);
    }
    return sel;
}

Status copyCaseRecord(store::Database& review) {
    // The new case's built-in labels make way for the master's (the same, unless it is damaged,
    // which the integrity check before the cut would have said).
    if (Status s = review.exec("DELETE FROM main.label"); !s) return s;
    for (const char* table : {"source_file", "label", "tag", "tag_note", "audit_log", "analysis_run", "skipped_input",
                              "warehouse_extract", "warehouse_extract_value", "model_name"})
        if (Status s = copyAll(review, table); !s) return s;
    return {};
}

Status copySelection(store::Database& review, const Selection& sel) {
    if (Status s = fillTempIds(review, sel); !s) return s;
    const std::string inIds = "%1 IN (SELECT id FROM temp.review_ids)";
    const std::string inEntities = "(level, %1) IN (SELECT level, name FROM temp.review_entities)";
    const std::string inClusters = "%1 IN (SELECT id FROM temp.review_clusters)";
    auto with = [](std::string pattern, const std::string& column) {
        return pattern.replace(pattern.find("%1"), 2, column);
    };
    const std::pair<const char*, std::string> copies[] = {
        {"request", with(inIds, "id")},
        {"request_text", with(inIds, "request_id")},
        {"entity_score", with(inEntities, "entity")},
        {"entity_feature", with(inEntities, "entity")},
        {"entity", with(inEntities, "name")},
        {"rollup_day", "entity_id IN (SELECT e.id FROM main.entity e)"},
        {"cluster", with(inClusters, "id")},
        {"cluster_member", with(inClusters, "cluster_id")},
        {"cluster_edge", with(inClusters, "cluster_id")},
    };
    for (const auto& [table, condition] : copies)
        if (Status s = copyWhere(review, table, condition); !s) return s;
    // A joined event's bytes live in the master's source blocks: here they are its own copy.
    return review.exec("INSERT INTO main.request_join SELECT request_id, source_file_id, line, byte_offset, byte_length,"
                       " source_format, record_key, key_hash, content_hash, NULL FROM master.request_join"
                       " WHERE request_id IN (SELECT id FROM temp.review_ids)");
}

Result<std::string> storeRecordBytes(store::Database& review, const Selection& sel) {
    auto raw = review.prepare("INSERT INTO request_raw_copy(request_id, raw) VALUES (?, ?)");
    auto hash = review.prepare("INSERT INTO review_record(request_id, sha256) VALUES (?, ?)");
    auto joined = review.prepare("UPDATE request_join SET raw_copy = ? WHERE request_id = ?");
    if (!raw || !hash || !joined) return makeError(ErrorCode::Database, "review case: preparing the record copy");
    Sha256 digest;
    for (const auto& [id, rec] : sel.records) {
        const std::string sha = Sha256::hex(rec->raw);
        if (Status s = raw->bind(1, id).bindBlob(2, rec->raw).run(); !s) return s.error();
        if (Status s = hash->bind(1, id).bind(2, sha).run(); !s) return s.error();
        raw->reset();
        hash->reset();
        if (rec->joined) {
            if (Status s = joined->bindBlob(1, rec->joined->raw).bind(2, id).run(); !s) return s.error();
            joined->reset();
        }
        digest.update(reviewRecordLine(id, sha));
    }
    return digest.finishHex();
}

Result<std::string> sourcesDigest(const store::Database& db) {
    auto st = db.prepare("SELECT id, sha256 FROM source_file ORDER BY id");
    if (!st) return st.error();
    Sha256 digest;
    for (;;) {
        auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading source hashes");
        digest.update(std::to_string(st->columnInt(0)) + ":" + st->columnText(1) + "\n");
    }
    return digest.finishHex();
}

} // namespace siphon::evidence::review_copy
