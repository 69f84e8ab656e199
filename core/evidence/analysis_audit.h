#pragma once
// The "analyze" audit entry for a finished analysis run. Every caller of analysis::runAnalysis
// (CLI, GUI, demo) appends it: case_integrity.h refuses a case whose current run is unrecorded.
#include "analysis/analyzer.h"
#include "evidence/audit_log.h"

#include <string>

namespace siphon::evidence {

QJsonObject analysisAuditPayload(EntityLevel level, const std::string& configVersion, const analysis::AnalysisSummary& s);

Result<AuditEntry> auditAnalysis(store::Database& db, const std::string& author, const analysis::AnalysisOptions& options,
                                 const analysis::AnalysisSummary& summary);

} // namespace siphon::evidence
