#pragma once
// The record-against-chain checks of case_integrity.h, one file per kind of record. Each appends
// sentences to problems (and notes); none changes the case.
#include "evidence/audit_log.h"
#include "store/database.h"

#include <QJsonObject>

#include <map>
#include <string>
#include <vector>

namespace siphon::evidence::integrity {

// Audit entries grouped by action, payloads parsed once.
struct AuditIndex {
    struct Item {
        const AuditEntry* entry;
        QJsonObject payload;
    };
    std::map<std::string, std::vector<Item>> byAction;
    explicit AuditIndex(const std::vector<AuditEntry>& chain);
    const std::vector<Item>& of(const std::string& action) const;
};

struct Findings {
    std::vector<std::string> problems, notes;
};

Status checkTags(const store::Database& db, const AuditIndex& audit, Findings& out);
Status checkSources(const store::Database& db, const AuditIndex& audit, Findings& out);
Status checkSkippedPaths(const store::Database& db, const AuditIndex& audit, Findings& out);
Status checkAnalysisRuns(const store::Database& db, const AuditIndex& audit, Findings& out);
Status checkLabels(const store::Database& db, Findings& out);

std::string entryName(const AuditEntry& e);   // "audit entry seq 7 (tag by Ann)"

} // namespace siphon::evidence::integrity
