#include "query/cluster_query.h"

namespace siphon::query {
namespace {
using store::StepResult;
}

Result<std::optional<ClusterGraph>> loadClusterGraph(const store::Database& db, int64_t clusterId) {
    auto st = db.prepare("SELECT id, level, score, flagged, size, requests, input_tokens, output_tokens, reasons"
                         " FROM cluster WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, clusterId);
    auto r = st->step();
    if (r == StepResult::Error) return db.lastError("cluster");
    if (r == StepResult::Done) return std::optional<ClusterGraph>{};
    ClusterGraph g;
    g.info.id = st->columnInt(0);
    const auto level = st->columnInt(1);
    g.info.level = level >= 0 && level < kLevelCount ? static_cast<EntityLevel>(level) : EntityLevel::Account;
    g.info.score = st->columnDouble(2);
    g.info.flagged = st->columnInt(3) != 0;
    g.info.size = st->columnInt(4);
    g.info.requests = st->columnInt(5);
    g.info.inputTokens = st->columnInt(6);
    g.info.outputTokens = st->columnInt(7);
    g.info.reasons = st->columnText(8);

    auto members = db.prepare("SELECT m.entity, coalesce(s.score, 0), coalesce(s.flagged, 0),"
                              " coalesce(s.requests, 0), coalesce(s.output_tokens, 0)"
                              " FROM cluster_member m LEFT JOIN entity_score s ON s.level = m.level AND s.entity = m.entity"
                              " WHERE m.cluster_id = ? ORDER BY 4 DESC, 1");
    if (!members) return members.error();
    members->bind(1, clusterId);
    while ((r = members->step()) == StepResult::Row)
        g.nodes.push_back({members->columnText(0), members->columnDouble(1), members->columnInt(2) != 0,
                           members->columnInt(3), members->columnInt(4)});
    if (r == StepResult::Error) return db.lastError("cluster members");

    auto edges = db.prepare("SELECT a, b, kind, reason, strength FROM cluster_edge WHERE cluster_id = ?"
                            " ORDER BY strength DESC");
    if (!edges) return edges.error();
    edges->bind(1, clusterId);
    while ((r = edges->step()) == StepResult::Row)
        g.edges.push_back({edges->columnText(0), edges->columnText(1), edges->columnText(2), edges->columnText(3),
                           edges->columnDouble(4)});
    if (r == StepResult::Error) return db.lastError("cluster edges");
    return std::optional<ClusterGraph>{std::move(g)};
}

Result<std::vector<std::string>> loadClusterMembers(const store::Database& db, int64_t clusterId) {
    auto st = db.prepare("SELECT m.entity FROM cluster_member m LEFT JOIN entity_score s"
                         " ON s.level = m.level AND s.entity = m.entity WHERE m.cluster_id = ?"
                         " ORDER BY coalesce(s.score, 0) DESC, m.entity");
    if (!st) return st.error();
    st->bind(1, clusterId);
    std::vector<std::string> out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.push_back(st->columnText(0));
    if (r == StepResult::Error) return db.lastError("cluster members");
    return out;
}

Result<std::optional<int64_t>> clusterOf(const store::Database& db, EntityLevel level, const std::string& entity) {
    auto st = db.prepare("SELECT cluster_id FROM cluster_member WHERE level = ? AND entity = ? LIMIT 1");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level)).bind(2, entity);
    auto r = st->step();
    if (r == StepResult::Error) return db.lastError("cluster of");
    if (r == StepResult::Done) return std::optional<int64_t>{};
    return std::optional<int64_t>{st->columnInt(0)};
}

} // namespace siphon::query
