#include "evidence/analysis_audit.h"

#include "analysis/calibration.h"
#include "warehouse/extract_reader.h"

namespace siphon::evidence {

// One payload for every caller (CLI, GUI, demo): the run, its counts and the flag threshold used.
QJsonObject analysisAuditPayload(EntityLevel level, const std::string& configVersion, const analysis::AnalysisSummary& s) {
    QJsonObject p;
    p[QStringLiteral("level")] = QString::fromLatin1(levelInfo(level).name.data(), static_cast<qsizetype>(levelInfo(level).name.size()));
    p[QStringLiteral("run_id")] = static_cast<double>(s.runId);
    p[QStringLiteral("config_version")] = QString::fromStdString(configVersion);
    p[QStringLiteral("entities")] = static_cast<double>(s.entities);
    p[QStringLiteral("flagged")] = static_cast<double>(s.flagged);
    p[QStringLiteral("clusters")] = static_cast<double>(s.clusters);
    p[QStringLiteral("flagged_clusters")] = static_cast<double>(s.flaggedClusters);
    p[QStringLiteral("requests")] = static_cast<double>(s.requests);
    p[QStringLiteral("buckets")] = static_cast<double>(s.buckets);
    p[QStringLiteral("flag_threshold")] = analysis::decisionScore(s.threshold.value);
    p[QStringLiteral("threshold_calibrated")] = s.threshold.calibrated;
    if (s.threshold.calibrated) p[QStringLiteral("threshold_target_fpr")] = s.threshold.targetFpr;
    p[QStringLiteral("threshold_method")] = QString::fromStdString(s.threshold.method);
    if (s.extractId != 0) {
        p[QStringLiteral("warehouse_extract_id")] = static_cast<double>(s.extractId);
        p[QStringLiteral("extract_entities")] = static_cast<double>(s.extractEntities);
    }
    return p;
}

namespace {

// The provenance of the extract a run scored from, so the entry (and case.jsonld, which quotes it)
// says where those entities' features were computed.
Result<QJsonObject> extractProvenanceJson(const store::Database& db, int64_t extractId) {
    auto e = warehouse::extractProvenance(db, extractId);
    if (!e) return e.error();
    if (!*e)
        return makeError(ErrorCode::Database, "warehouse extract " + std::to_string(extractId) + " is not in the case");
    const warehouse::ExtractProvenance& pr = (*e)->provenance;
    auto q = [](const std::string& s) { return QString::fromStdString(s); };
    return QJsonObject{{QStringLiteral("engine"), q(pr.engine)},
                       {QStringLiteral("server_version"), q(pr.serverVersion)},
                       {QStringLiteral("url"), q(pr.url)}, // stored without password
                       {QStringLiteral("table"), q(pr.table)},
                       {QStringLiteral("query_sha256"), q(pr.querySha256)},
                       {QStringLiteral("rows"), static_cast<double>((*e)->rowCount)},
                       {QStringLiteral("started_at_us"), static_cast<double>(pr.startedAtUs)},
                       {QStringLiteral("finished_at_us"), static_cast<double>(pr.finishedAtUs)},
                       {QStringLiteral("result_sha256"), q(pr.resultSha256)}};
}

} // namespace

Result<AuditEntry> auditAnalysis(store::Database& db, const std::string& author,
                                 const analysis::AnalysisOptions& options, const analysis::AnalysisSummary& summary) {
    QJsonObject payload = analysisAuditPayload(options.level, options.config.version, summary);
    if (summary.extractId != 0) {
        auto provenance = extractProvenanceJson(db, summary.extractId);
        if (!provenance) return provenance.error();
        payload[QStringLiteral("warehouse_extract")] = *provenance;
    }
    return appendAudit(db, author, "analyze", payload);
}

} // namespace siphon::evidence
