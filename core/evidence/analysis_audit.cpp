#include "evidence/analysis_audit.h"

#include "analysis/calibration.h"

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
    return p;
}

Result<AuditEntry> auditAnalysis(store::Database& db, const std::string& author, const analysis::AnalysisOptions& options,
                                 const analysis::AnalysisSummary& summary) {
    return appendAudit(db, author, "analyze", analysisAuditPayload(options.level, options.config.version, summary));
}

} // namespace siphon::evidence
