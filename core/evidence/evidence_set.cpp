#include "evidence/evidence_set.h"

#include "store/rollup_reader.h"
#include "util/time_util.h"
#include "warehouse/extract_reader.h"
#include "util/saturating.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace siphon::evidence {

namespace {

constexpr const char* kRecordColumns =
    "SELECT r.id, r.ts_start_us, r.org_id, r.project_id, r.api_key_id, r.principal, r.source_ip, r.user_agent,"
    " r.model, r.endpoint, r.request_id, r.input_tokens, r.output_tokens, r.status_code, r.has_content,"
    " c.prompt, c.response, s.display_name, s.sha256, s.format, r.source_file_id, r.line, r.byte_offset,"
    " r.byte_length, w.raw,"
    " j.source_file_id, js.display_name, js.sha256, js.format, j.line, j.byte_offset, j.byte_length,"
    " coalesce(j.raw_copy, siphon_source_bytes(j.source_file_id, j.byte_offset, j.byte_length))"
    " FROM request r JOIN source_file s ON s.id = r.source_file_id"
    " LEFT JOIN request_content c ON c.request_id = r.id LEFT JOIN request_raw w ON w.request_id = r.id"
    " LEFT JOIN request_join j ON j.request_id = r.id LEFT JOIN source_file js ON js.id = j.source_file_id ";

// The joined record of columns 25-32, when the row has one.
std::optional<JoinedSource> readJoined(const store::Statement& s) {
    if (!s.columnOptInt(25)) return std::nullopt;
    JoinedSource j;
    j.sourceFileId = s.columnInt(25);
    j.sourceName = s.columnText(26);
    j.sourceSha256 = s.columnText(27);
    j.sourceFormat = s.columnText(28);
    j.line = s.columnInt(29);
    j.byteOffset = s.columnInt(30);
    j.byteLength = s.columnInt(31);
    j.raw = std::string(s.columnView(32));
    return j;
}

EvidenceRecord readRecord(const store::Statement& s) {
    EvidenceRecord r;
    r.requestRowId = s.columnInt(0);
    r.tsUs = s.columnInt(1);
    r.orgId = s.columnText(2);
    r.projectId = s.columnText(3);
    r.apiKeyId = s.columnText(4);
    r.principal = s.columnText(5);
    r.sourceIp = s.columnText(6);
    r.userAgent = s.columnText(7);
    r.model = s.columnText(8);
    r.endpoint = s.columnText(9);
    r.requestId = s.columnText(10);
    r.inputTokens = s.columnOptInt(11);
    r.outputTokens = s.columnOptInt(12);
    r.statusCode = s.columnOptInt(13);
    r.hasContent = s.columnInt(14) != 0;
    r.prompt = s.columnText(15);
    r.response = s.columnText(16);
    r.sourceName = s.columnText(17);
    r.sourceSha256 = s.columnText(18);
    r.sourceFormat = s.columnText(19);
    r.sourceFileId = s.columnInt(20);
    r.line = s.columnInt(21);
    r.byteOffset = s.columnInt(22);
    r.byteLength = s.columnInt(23);
    r.raw = std::string(s.columnView(24));
    r.joined = readJoined(s);
    return r;
}

std::string col(EntityLevel l) { return std::string(levelInfo(l).column); }

Status loadRecords(const store::Database& db, Exhibit& ex, EntityLevel clusterLevel) {
    const TagTarget& t = ex.tag.target;
    const std::string sql = std::string(kRecordColumns) + "WHERE " + tagRecordsWhere(t, clusterLevel) +
                            " ORDER BY r.ts_start_us, r.id";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bindTagRecords(*st, t);
    for (;;) {
        auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading tagged records");
        EvidenceRecord rec = readRecord(*st);
        rec.recordNo = static_cast<int64_t>(ex.records.size()) + 1;
        addSaturating(ex.inputTokens, rec.inputTokens.value_or(0));
        addSaturating(ex.outputTokens, rec.outputTokens.value_or(0));
        if (ex.records.empty() || rec.tsUs < ex.firstUs) ex.firstUs = rec.tsUs;
        ex.lastUs = std::max(ex.lastUs, rec.tsUs);
        ex.records.push_back(std::move(rec));
    }
    return {};
}

Result<EntityFinding> loadFinding(const store::Database& db, EntityLevel level, const std::string& entity) {
    EntityFinding f;
    f.level = level;
    f.entity = entity;
    auto st = db.prepare(
        "SELECT score, flagged, cluster_id, requests, input_tokens, output_tokens, first_seen_us, last_seen_us,"
        " onset_us, reasons FROM entity_score WHERE level = ? AND entity = ?");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(level)).bind(2, entity);
    if (st->step() == store::StepResult::Row) {
        f.scored = true;
        f.score = st->columnDouble(0);
        f.flagged = st->columnInt(1) != 0;
        f.clusterId = st->columnOptInt(2);
        f.requests = st->columnInt(3);
        f.inputTokens = st->columnInt(4);
        f.outputTokens = st->columnInt(5);
        f.firstSeenUs = st->columnInt(6);
        f.lastSeenUs = st->columnInt(7);
        f.onsetUs = st->columnOptInt(8);
        std::string reasons = st->columnText(9);
        size_t pos = 0;
        while (pos <= reasons.size()) {
            size_t next = reasons.find("; ", pos);
            std::string part = reasons.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
            if (!part.empty()) f.reasons.push_back(part);
            if (next == std::string::npos) break;
            pos = next + 2;
        }
    } else {
        // Not analysed at this level: counts straight from the requests, summed here (saturating)
        // because SQL sum() fails on the int64 overflow that a case from before the plausibility
        // check can hold.
        auto c = db.prepare("SELECT coalesce(input_tokens,0), coalesce(output_tokens,0), ts_start_us FROM request WHERE " +
                            col(level) + " = ?");
        if (!c) return c.error();
        c->bind(1, entity);
        store::StepResult r;
        while ((r = c->step()) == store::StepResult::Row) {
            const int64_t ts = c->columnInt(2);
            f.firstSeenUs = f.requests == 0 ? ts : std::min(f.firstSeenUs, ts);
            f.lastSeenUs = f.requests == 0 ? ts : std::max(f.lastSeenUs, ts);
            ++f.requests;
            addSaturating(f.inputTokens, c->columnInt(0));
            addSaturating(f.outputTokens, c->columnInt(1));
        }
        if (r == store::StepResult::Error) return db.lastError("finding totals");
    }
    auto fs = db.prepare(
        "SELECT feature, sentence, value, baseline, robust_z, contribution FROM entity_feature"
        " WHERE level = ? AND entity = ? AND available = 1 ORDER BY contribution DESC, feature");
    if (!fs) return fs.error();
    fs->bind(1, static_cast<int>(level)).bind(2, entity);
    while (fs->step() == store::StepResult::Row)
        f.features.push_back({fs->columnText(0), fs->columnText(1), fs->columnOptDouble(2), fs->columnOptDouble(3),
                              fs->columnOptDouble(4), fs->columnDouble(5)});
    return f;
}

Status loadSeries(const store::Database& db, Exhibit& ex, EntityLevel level) {
    const TagTarget& t = ex.tag.target;
    std::vector<std::string> names;
    if (t.kind == TargetKind::Cluster) {
        auto st = db.prepare("SELECT DISTINCT entity FROM cluster_member WHERE cluster_id = ?1");
        if (!st) return st.error();
        st->bind(1, t.clusterId);
        while (st->step() == store::StepResult::Row) names.push_back(st->columnText(0));
    } else {
        names.push_back(t.entity);
    }
    // Hour start -> sums over models and members.
    std::map<int64_t, HourPoint> hours;
    store::RollupReader reader(db);
    for (const std::string& name : names) {
        auto e = reader.find(level, name);
        if (!e) return e.error();
        if (!*e) continue;
        Status s = reader.hours(**e, [&](int64_t hourUs, const store::HourCell& c) {
            HourPoint& p = hours[hourUs];
            addSaturating(p.requests, c.requests);
            addSaturating(p.inputTokens, c.inputTokens);
            addSaturating(p.outputTokens, c.outputTokens);
        });
        if (!s) return s;
    }
    for (auto& [hourUs, p] : hours) {
        p.hourUs = hourUs;
        ex.series.push_back(p);
    }
    return {};
}

// The run's warehouse extract, if its audit entry names one (analysis_audit.cpp).
Status loadRunExtract(const store::Database& db, AnalysisInfo& a) {
    auto st =
        db.prepare("SELECT json_extract(payload, '$.warehouse_extract_id'), json_extract(payload, '$.extract_entities')"
                   " FROM audit_log WHERE action = 'analyze' AND json_extract(payload, '$.run_id') = ?1"
                   " ORDER BY seq DESC LIMIT 1");
    if (!st) return st.error();
    st->bind(1, a.runId);
    if (st->step() != store::StepResult::Row || st->columnIsNull(0)) return {};
    const int64_t entities = st->columnInt(1);
    auto e = warehouse::extractProvenance(db, st->columnInt(0));
    if (!e) return e.error();
    if (!*e) return {};
    const warehouse::ExtractProvenance& p = (*e)->provenance;
    a.warehouseExtract = std::to_string(entities) + " entities scored from " + warehouse::describeExtract(**e) +
        ", run " + timeutil::formatIso8601(p.startedAtUs, true) + " to " +
        timeutil::formatIso8601(p.finishedAtUs, true) + ", query SHA-256 " + p.querySha256 + ", result SHA-256 " +
        p.resultSha256;
    return {};
}

Status loadAnalysis(const store::Database& db, AnalysisInfo& a) {
    auto st = db.prepare("SELECT id, level, started_at_us, config_version, config_json, coalesce(entities,0),"
                         " coalesce(requests,0) FROM analysis_run ORDER BY id DESC LIMIT 1");
    if (!st) return st.error();
    if (st->step() == store::StepResult::Row) {
        a.present = true;
        a.runId = st->columnInt(0);
        const auto lv = st->columnInt(1);
        a.level = lv >= 0 && lv < kLevelCount ? std::string(kLevels[static_cast<size_t>(lv)].name) : "?";
        a.recordedAtUs = st->columnInt(2);
        a.configVersion = st->columnText(3);
        a.configJson = st->columnText(4);
        a.entities = st->columnInt(5);
        a.requests = st->columnInt(6);
        return loadRunExtract(db, a);
    }
    return {};
}

} // namespace

std::string tagRecordsWhere(const TagTarget& t, EntityLevel clusterLevel, const std::string& schema) {
    switch (t.kind) {
    case TargetKind::Entity: return "r." + col(t.level) + " = ?1";
    case TargetKind::Range: return "r." + col(t.level) + " = ?1 AND r.ts_start_us >= ?2 AND r.ts_start_us < ?3";
    case TargetKind::Request: return "r.id = ?4";
    case TargetKind::Cluster:
        return "r." + col(clusterLevel) + " IN (SELECT entity FROM " + schema + "cluster_member WHERE cluster_id = ?5)";
    }
    return "0";
}

void bindTagRecords(store::Statement& st, const TagTarget& t) {
    if (t.kind == TargetKind::Entity || t.kind == TargetKind::Range) st.bind(1, t.entity);
    if (t.kind == TargetKind::Range) st.bind(2, t.fromUs).bind(3, t.toUs);
    if (t.kind == TargetKind::Request) st.bind(4, t.requestRowId);
    if (t.kind == TargetKind::Cluster) st.bind(5, t.clusterId);
}

Result<EvidenceSet> collectEvidence(const store::Database& db) {
    EvidenceSet set;
    if (Status s = loadAnalysis(db, set.analysis); !s) return s.error();
    auto tags = listTags(db, TagFilter{false});
    if (!tags) return tags.error();
    for (auto& tag : *tags) {
        Exhibit ex;
        char num[16];
        std::snprintf(num, sizeof num, "EX-%03d", static_cast<int>(set.exhibits.size() + 1));
        ex.number = num;
        ex.tag = std::move(tag);
        const TagTarget& t = ex.tag.target;
        EntityLevel level = t.level;
        if (t.kind == TargetKind::Cluster) {
            auto cs = db.prepare("SELECT level, score, reasons FROM cluster WHERE id = ?");
            if (!cs) return cs.error();
            cs->bind(1, t.clusterId);
            if (cs->step() == store::StepResult::Row) {
                level = static_cast<EntityLevel>(std::clamp<int64_t>(cs->columnInt(0), 0, kLevelCount - 1));
                ex.clusterScore = cs->columnDouble(1);
                ex.clusterReasons = cs->columnText(2);
            }
            auto ms = db.prepare("SELECT entity FROM cluster_member WHERE cluster_id = ? ORDER BY entity");
            if (!ms) return ms.error();
            ms->bind(1, t.clusterId);
            while (ms->step() == store::StepResult::Row) {
                auto f = loadFinding(db, level, ms->columnText(0));
                if (!f) return f.error();
                ex.findings.push_back(std::move(*f));
            }
        } else if (t.kind != TargetKind::Request) {
            auto f = loadFinding(db, level, t.entity);
            if (!f) return f.error();
            ex.onsetUs = f->onsetUs;
            ex.findings.push_back(std::move(*f));
        }
        if (Status s = loadRecords(db, ex, level); !s) return s.error();
        if (t.kind != TargetKind::Request)
            if (Status s = loadSeries(db, ex, level); !s) return s.error();
        if (t.kind == TargetKind::Range) {
            ex.markFromUs = t.fromUs;
            ex.markToUs = t.toUs;
        }
        set.exhibits.push_back(std::move(ex));
    }
    return set;
}

} // namespace siphon::evidence
