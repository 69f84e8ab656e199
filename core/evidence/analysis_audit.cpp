#include "evidence/analysis_audit.h"

namespace siphon::evidence {

// The same fields `siphon-cli analyze` records (app/cli/cmd_analyze.cpp).
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
    return p;
}

Result<AuditEntry> auditAnalysis(store::Database& db, const std::string& author, const analysis::AnalysisOptions& options,
                                 const analysis::AnalysisSummary& summary) {
    return appendAudit(db, author, "analyze", analysisAuditPayload(options.level, options.config.version, summary));
}

} // namespace siphon::evidence
