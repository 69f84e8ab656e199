#include "evidence/review_copy.h"

#include "evidence/evidence_set.h"
#include "evidence/review_case.h"
#include "util/hash.h"

#include <algorithm>
#include <optional>

namespace siphon::evidence::review_copy {

namespace {

// Same schema version on both sides (the review case is created by this build, the master is
// opened by it), so whole rows copy column for column.
Status copyWhere(store::Database& review, const std::string& table, const std::string& condition) {
    return review.exec("INSERT INTO main." + table + " SELECT * FROM master." + table + " WHERE " + condition);
}

Status runBound(store::Database& db, const std::string& sql, const TagTarget& t) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bindTagRecords(*st, t);
    return st->run();
}

// A cluster's records and members are at the cluster's own level.
Result<EntityLevel> clusterLevel(const store::Database& review, int64_t clusterId) {
    auto st = review.prepare("SELECT level FROM master.cluster WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, clusterId);
    if (st->step() != store::StepResult::Row) return EntityLevel::Account; // no rows then: no members either
    return static_cast<EntityLevel>(std::clamp<int64_t>(st->columnInt(0), 0, kLevelCount - 1));
}

Status selectOne(store::Database& review, const TagTarget& t) {
    EntityLevel level = t.level;
    if (t.kind == TargetKind::Cluster) {
        auto l = clusterLevel(review, t.clusterId);
        if (!l) return l.error();
        level = *l;
    }
    if (Status s = runBound(review,
                            "INSERT OR IGNORE INTO temp.review_ids SELECT r.id FROM master.request r WHERE " +
                                tagRecordsWhere(t, level, "master."),
                            t);
        !s)
        return s;
    if (t.kind == TargetKind::Entity || t.kind == TargetKind::Range) {
        auto st = review.prepare("INSERT OR IGNORE INTO temp.review_entities VALUES (?, ?)");
        if (!st) return st.error();
        return st->bind(1, static_cast<int>(t.level)).bind(2, t.entity).run();
    }
    if (t.kind != TargetKind::Cluster) return {};
    auto members = review.prepare("INSERT OR IGNORE INTO temp.review_entities SELECT level, entity"
                                  " FROM master.cluster_member WHERE cluster_id = ?1");
    auto cluster = review.prepare("INSERT OR IGNORE INTO temp.review_clusters VALUES (?1)");
    if (!members) return members.error();
    if (!cluster) return cluster.error();
    if (Status s = members->bind(1, t.clusterId).run(); !s) return s;
    return cluster->bind(1, t.clusterId).run();
}

Result<std::optional<std::string>> readBlob(store::Statement& st, int64_t id) {
    st.reset();
    st.bind(1, id);
    switch (st.step()) {
    case store::StepResult::Row:
        if (st.columnIsNull(0)) return std::optional<std::string>{};
        return std::optional<std::string>{std::string(st.columnView(0))};
    case store::StepResult::Done: return std::optional<std::string>{};
    case store::StepResult::Error: break;
    }
    return makeError(ErrorCode::Database,
                     "reading record #" + std::to_string(id) + " from the master: " + st.errorMessage());
}

// The master's reads and the review case's writes for one record at a time.
struct ByteStatements {
    store::Statement raw, joined, putRaw, putJoined, putHash;
};

Result<ByteStatements> prepareBytes(store::Database& review, const store::Database& master) {
    auto raw = master.prepare("SELECT raw FROM request_raw WHERE request_id = ?1");
    auto joined =
        master.prepare("SELECT coalesce(raw_copy, siphon_source_bytes(source_file_id, byte_offset, byte_length))"
                       " FROM request_join WHERE request_id = ?1");
    auto putRaw = review.prepare("INSERT INTO request_raw_copy(request_id, raw) VALUES (?, ?)");
    auto putJoined = review.prepare("UPDATE request_join SET raw_copy = ? WHERE request_id = ?");
    auto putHash = review.prepare("INSERT INTO review_record(request_id, sha256, joined_sha256) VALUES (?, ?, ?)");
    for (auto* r : {&raw, &joined, &putRaw, &putJoined, &putHash})
        if (!*r) return r->error();
    return ByteStatements{std::move(*raw), std::move(*joined), std::move(*putRaw), std::move(*putJoined),
                          std::move(*putHash)};
}

Result<std::string> storeOne(ByteStatements& b, int64_t id) {
    auto raw = readBlob(b.raw, id);
    if (!raw) return raw.error();
    if (!*raw) return makeError(ErrorCode::Corrupt, "record #" + std::to_string(id) + " has no bytes in the master");
    auto joined = readBlob(b.joined, id);
    if (!joined) return joined.error();
    const std::string sha = Sha256::hex(**raw);
    const std::string joinedSha = *joined ? Sha256::hex(**joined) : std::string();
    if (Status s = b.putRaw.bind(1, id).bindBlob(2, **raw).run(); !s) return s.error();
    if (Status s = b.putHash.bind(1, id).bind(2, sha).bindTextOrNull(3, joinedSha).run(); !s) return s.error();
    b.putRaw.reset();
    b.putHash.reset();
    if (*joined) {
        if (Status s = b.putJoined.bindBlob(1, **joined).bind(2, id).run(); !s) return s.error();
        b.putJoined.reset();
    }
    return reviewRecordLine(id, sha, joinedSha);
}

} // namespace

Status selectTagged(store::Database& review, const std::vector<Tag>& activeTags) {
    if (Status s =
            review.exec("CREATE TEMP TABLE review_ids (id INTEGER PRIMARY KEY);"
                        "CREATE TEMP TABLE review_entities (level INTEGER, name TEXT, PRIMARY KEY (level, name));"
                        "CREATE TEMP TABLE review_clusters (id INTEGER PRIMARY KEY);");
        !s)
        return s;
    for (const Tag& t : activeTags)
        if (Status s = selectOne(review, t.target); !s) return s;
    return {};
}

Status copyCaseRecord(store::Database& review) {
    // The new case's built-in labels make way for the master's (the same, unless it is damaged,
    // which the integrity check before the cut would have said).
    if (Status s = review.exec("DELETE FROM main.label"); !s) return s;
    for (const char* table : {"source_file", "label", "tag", "tag_note", "audit_log", "analysis_run", "skipped_input",
                              "warehouse_extract", "warehouse_extract_value", "model_name"})
        if (Status s = copyWhere(review, table, "1"); !s) return s;
    return {};
}

Status copySelection(store::Database& review) {
    const std::string inIds = " IN (SELECT id FROM temp.review_ids)";
    const std::string inEntities = ") IN (SELECT level, name FROM temp.review_entities)";
    const std::string inClusters = " IN (SELECT id FROM temp.review_clusters)";
    const std::pair<const char*, std::string> copies[] = {
        {"request", "id" + inIds},
        {"request_text", "request_id" + inIds},
        {"entity_score", "(level, entity" + inEntities},
        {"entity_feature", "(level, entity" + inEntities},
        {"entity", "(level, name" + inEntities},
        {"rollup_day", "entity_id IN (SELECT e.id FROM main.entity e)"},
        {"cluster", "id" + inClusters},
        {"cluster_member", "cluster_id" + inClusters},
        {"cluster_edge", "cluster_id" + inClusters},
    };
    for (const auto& [table, condition] : copies)
        if (Status s = copyWhere(review, table, condition); !s) return s;
    // A joined event's bytes live in the master's source blocks: here they get their own copy
    // (storeRecordBytes), and the blocks stay behind.
    return review.exec(
        "INSERT INTO main.request_join SELECT request_id, source_file_id, line, byte_offset, byte_length,"
        " source_format, record_key, key_hash, content_hash, NULL FROM master.request_join"
        " WHERE request_id" +
        inIds);
}

Result<StoredBytes> storeRecordBytes(store::Database& review, const store::Database& master) {
    auto b = prepareBytes(review, master);
    if (!b) return b.error();
    auto ids = review.prepare("SELECT id FROM temp.review_ids ORDER BY id");
    if (!ids) return ids.error();
    Sha256 digest;
    StoredBytes out;
    for (;;) {
        auto r = ids->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return review.lastError("reading the selected records");
        auto line = storeOne(*b, ids->columnInt(0));
        if (!line) return line.error();
        digest.update(*line);
        ++out.records;
    }
    out.digest = digest.finishHex();
    return out;
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
