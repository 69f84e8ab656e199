#include "query/entity_query.h"

#include "query/sql_util.h"

#include <algorithm>
#include <unordered_map>

namespace siphon::query {
namespace {

using store::StepResult;

// The two row sources share column names so the index/page queries are written once.
constexpr const char* kScoredSource =
    "SELECT entity, score, flagged, cluster_id, requests, input_tokens, output_tokens,"
    " first_seen_us, last_seen_us, onset_us, reasons FROM entity_score WHERE level = ?1";
// Never analysed: the totals kept per entity on import (one row per entity, no scan of rollups).
constexpr const char* kRollupSource =
    "SELECT entity, score, flagged, cluster_id, requests, input_tokens, output_tokens, first_seen_us,"
    " last_seen_us, onset_us, reasons FROM (SELECT level, name AS entity, 0.0 AS score, 0 AS flagged,"
    " NULL AS cluster_id, requests, input_tokens, output_tokens, first_hour_us AS first_seen_us,"
    " last_hour_us + 3599999999 AS last_seen_us, NULL AS onset_us, '' AS reasons FROM entity"
    " WHERE requests > 0) WHERE level = ?1";

// Allow-listed ORDER BY expressions; never built from input.
const char* sortExpr(EntitySort s) {
    switch (s) {
    case EntitySort::Entity: return "entity";
    case EntitySort::Score: return "score";
    case EntitySort::Flagged: return "flagged";
    case EntitySort::Cluster: return "cluster_id";
    case EntitySort::Requests: return "requests";
    case EntitySort::InputTokens: return "input_tokens";
    case EntitySort::OutputTokens: return "output_tokens";
    case EntitySort::FirstSeen: return "first_seen_us";
    case EntitySort::LastSeen: return "last_seen_us";
    case EntitySort::Onset: return "onset_us";
    }
    return "score";
}

std::string lowerAscii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

EntityRow readRow(const store::Statement& st) {
    EntityRow r;
    r.entity = st.columnText(0);
    r.score = st.columnDouble(1);
    r.flagged = st.columnInt(2) != 0;
    r.clusterId = st.columnOptInt(3);
    r.requests = st.columnInt(4);
    r.inputTokens = st.columnInt(5);
    r.outputTokens = st.columnInt(6);
    r.firstSeenUs = st.columnOptInt(7);
    r.lastSeenUs = st.columnOptInt(8);
    r.onsetUs = st.columnOptInt(9);
    r.reasons = st.columnText(10);
    return r;
}

} // namespace

Result<bool> levelIsScored(const store::Database& db, EntityLevel level) {
    auto st = db.prepare("SELECT 1 FROM entity_score WHERE level = ? LIMIT 1");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level));
    const auto r = st->step();
    if (r == StepResult::Error) return db.lastError("entity_score");
    return r == StepResult::Row;
}

Result<std::vector<std::string>> loadEntityIndex(const store::Database& db, const EntityIndexRequest& req) {
    auto scored = levelIsScored(db, req.level);
    if (!scored) return scored.error();
    std::string sql = "SELECT entity FROM (";
    sql += *scored ? kScoredSource : kRollupSource;
    sql += ") WHERE (?2 = '' OR instr(lower(entity), ?2) > 0 OR instr(lower(reasons), ?2) > 0)";
    if (req.flaggedOnly) sql += " AND flagged != 0";
    sql += " ORDER BY ";
    sql += sortExpr(req.sort);
    sql += req.descending ? " DESC" : " ASC";
    sql += ", entity ASC";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, static_cast<int>(req.level));
    st->bind(2, lowerAscii(req.filter));
    std::vector<std::string> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back(st->columnText(0));
    if (r == StepResult::Error) return db.lastError("entity index");
    return out;
}

Result<std::vector<EntityRow>> loadEntityRows(const store::Database& db, EntityLevel level,
                                              const std::vector<std::string>& ids) {
    std::vector<EntityRow> out;
    if (ids.empty()) return out;
    auto scored = levelIsScored(db, level);
    if (!scored) return scored.error();
    std::unordered_map<std::string, EntityRow> found;
    for (size_t begin = 0; begin < ids.size(); begin += detail::kMaxInList) {
        const size_t n = std::min(detail::kMaxInList, ids.size() - begin);
        std::string sql = *scored ? kScoredSource : kRollupSource;
        sql += " AND entity IN (" + detail::placeholders(n) + ")";
        auto st = db.prepare(sql);
        if (!st) return st.error();
        st->bind(1, static_cast<int>(level));
        for (size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 2), ids[begin + i]);
        StepResult r;
        while ((r = st->step()) == StepResult::Row) {
            auto row = readRow(*st);
            auto key = row.entity;
            found.emplace(std::move(key), std::move(row));
        }
        if (r == StepResult::Error) return db.lastError("entity rows");
    }
    out.reserve(ids.size());
    for (const auto& id : ids) {
        auto it = found.find(id);
        if (it != found.end()) out.push_back(it->second);
    }
    return out;
}

Result<std::vector<EntityRow>> loadUnscoredEntityRows(const store::Database& db, EntityLevel level) {
    std::string sql = kRollupSource;
    sql += " AND entity NOT IN (SELECT entity FROM entity_score WHERE level = ?1) ORDER BY requests DESC, entity ASC";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level));
    std::vector<EntityRow> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back(readRow(*st));
    if (r == StepResult::Error) return db.lastError("unscored entities");
    return out;
}

Result<std::vector<FeatureRow>> loadEntityFeatures(const store::Database& db, EntityLevel level,
                                                   const std::string& entity) {
    auto st = db.prepare("SELECT feature, value, available, baseline, robust_z, contribution, sentence"
                         " FROM entity_feature WHERE level = ? AND entity = ?"
                         " ORDER BY contribution DESC, feature");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level)).bind(2, entity);
    std::vector<FeatureRow> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) {
        FeatureRow f;
        f.feature = st->columnText(0);
        f.value = st->columnOptDouble(1);
        f.available = st->columnInt(2) != 0;
        f.baseline = st->columnOptDouble(3);
        f.robustZ = st->columnOptDouble(4);
        f.contribution = st->columnDouble(5);
        f.sentence = st->columnText(6);
        out.push_back(std::move(f));
    }
    if (r == StepResult::Error) return db.lastError("entity features");
    return out;
}

} // namespace siphon::query
