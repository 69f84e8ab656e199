#include "analysis/result_writer.h"

#include "analysis/utf8_text.h"

#include <QDateTime>

namespace siphon::analysis {

namespace {

Status runStep(store::Statement& st) {
    Status s = st.run();
    st.reset();
    return s;
}

} // namespace

Result<int64_t> writeResults(store::Database& db, const RunInfo& run, const std::vector<EntityOutput>& entities,
                             const std::vector<ClusterOutput>& clusters) {
    const int level = static_cast<int>(run.level);
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();

    auto ins = db.prepare("INSERT INTO analysis_run(level, started_at_us, config_version, config_json, entities, requests)"
                          " VALUES(?1,?2,?3,?4,?5,?6)");
    if (!ins) return ins.error();
    ins->bind(1, level).bind(2, run.startedAtUs).bind(3, run.configVersion).bind(4, run.configJson);
    ins->bind(5, static_cast<int64_t>(entities.size())).bind(6, run.requests);
    if (Status s = runStep(*ins); !s) return s.error();
    const int64_t runId = db.lastInsertRowId();

    const char* clear[] = {
        "DELETE FROM cluster_edge WHERE cluster_id IN (SELECT id FROM cluster WHERE level = ?1)",
        "DELETE FROM cluster_member WHERE level = ?1",
        "DELETE FROM cluster WHERE level = ?1",
        "DELETE FROM entity_feature WHERE level = ?1",
        "DELETE FROM entity_score WHERE level = ?1",
    };
    for (const char* sql : clear) {
        auto st = db.prepare(sql);
        if (!st) return st.error();
        st->bind(1, level);
        if (Status s = runStep(*st); !s) return s.error();
    }

    std::vector<int64_t> clusterIds;
    {
        auto ci = db.prepare("INSERT INTO cluster(level, run_id, score, flagged, size, requests, input_tokens, output_tokens,"
                             " reasons) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
        auto cm = db.prepare("INSERT INTO cluster_member(cluster_id, level, entity) VALUES(?1,?2,?3)");
        auto ce = db.prepare("INSERT INTO cluster_edge(cluster_id, a, b, kind, strength, reason) VALUES(?1,?2,?3,?4,?5,?6)");
        if (!ci) return ci.error();
        if (!cm) return cm.error();
        if (!ce) return ce.error();
        for (const auto& c : clusters) {
            std::string reasons = c.link.reasons;
            const std::string behaviour = c.score.reasonText();
            if (!behaviour.empty()) reasons += "; joint behaviour: " + behaviour;
            ci->bind(1, level).bind(2, runId).bind(3, c.score.score).bind(4, c.score.flagged ? 1 : 0);
            ci->bind(5, static_cast<int64_t>(c.link.members.size())).bind(6, c.requests).bind(7, c.inputTokens);
            ci->bind(8, c.outputTokens).bind(9, validUtf8(reasons));
            if (Status s = runStep(*ci); !s) return s.error();
            const int64_t id = db.lastInsertRowId();
            clusterIds.push_back(id);
            for (size_t m : c.link.members) {
                cm->bind(1, id).bind(2, level).bind(3, entities[m].profile->entity);
                if (Status s = runStep(*cm); !s) return s.error();
            }
            for (const auto& e : c.link.edges) {
                ce->bind(1, id).bind(2, entities[e.a].profile->entity).bind(3, entities[e.b].profile->entity);
                ce->bind(4, e.kind).bind(5, e.strength).bind(6, validUtf8(e.reason));
                if (Status s = runStep(*ce); !s) return s.error();
            }
        }
    }

    auto es = db.prepare("INSERT INTO entity_score(level, entity, run_id, score, flagged, cluster_id, requests, input_tokens,"
                         " output_tokens, first_seen_us, last_seen_us, onset_us, granularity, reasons)"
                         " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
    auto ef = db.prepare("INSERT INTO entity_feature(level, entity, feature, value, available, baseline, robust_z,"
                         " contribution, sentence) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (!es) return es.error();
    if (!ef) return ef.error();
    for (const auto& e : entities) {
        const EntityProfile& p = *e.profile;
        const ScoreResult& s = *e.score;
        es->bind(1, level).bind(2, p.entity).bind(3, runId).bind(4, s.score).bind(5, s.flagged ? 1 : 0);
        if (e.cluster >= 0) es->bind(6, clusterIds[static_cast<size_t>(e.cluster)]);
        else es->bindNull(6);
        es->bind(7, p.requests).bind(8, p.inputTokens).bind(9, p.outputTokens).bind(10, p.firstUs).bind(11, p.lastUs);
        es->bind(12, e.onsetUs).bind(13, p.granularity == Granularity::Bucket ? "bucket" : "request");
        es->bind(14, validUtf8(s.reasonText()));   // reasons quote prompts: never store broken UTF-8
        if (Status st = runStep(*es); !st) return st.error();
        for (const auto& f : s.features) {
            ef->bind(1, level).bind(2, p.entity).bind(3, f.feature.name).bind(4, f.feature.value);
            ef->bind(5, f.available() ? 1 : 0);
            if (f.available()) ef->bind(6, f.baseline).bind(7, f.robustZ);
            else ef->bindNull(6).bindNull(7);
            ef->bind(8, f.contribution).bind(9, validUtf8(f.feature.sentence));
            if (Status st = runStep(*ef); !st) return st.error();
        }
    }

    auto fin = db.prepare("UPDATE analysis_run SET finished_at_us = ?2 WHERE id = ?1");
    if (!fin) return fin.error();
    fin->bind(1, runId).bind(2, static_cast<int64_t>(QDateTime::currentMSecsSinceEpoch()) * 1000);
    if (Status s = runStep(*fin); !s) return s.error();
    if (Status s = tx.commit(); !s) return s.error();
    return runId;
}

} // namespace siphon::analysis
