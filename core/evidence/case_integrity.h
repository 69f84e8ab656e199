#pragma once
// Everything `audit --verify` and `export` check before trusting a case (docs/integrity.md):
//  - the audit chain, link by link (audit_log.h);
//  - the chain against the case's anchor sidecar (chain_anchor.h): no newest entries deleted;
//  - every tag row (label, note, author, time, target, removal) and tag note against its audit
//    entry, and every tag/untag/note entry against its row, both directions;
//  - every source file against an import entry with its SHA-256;
//  - the latest analysis run of each level against its analyze entry, and every analyze entry
//    against its run;
//  - labels against the built-in set (their names, colours and descriptions go into reports).
// A case whose audit rows were cut still has its tags, sources and runs: those then lack entries.
#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"
#include "store/database.h"

#include <string>
#include <vector>

namespace siphon::evidence {

struct IntegrityReport {
    ChainCheck chain;
    AnchorCheck anchor;
    std::vector<std::string> problems;   // one sentence each; any problem means "do not trust"
    std::vector<std::string> notes;      // checked and fine, or worth knowing
    int64_t entries = 0;
    std::string headHash;
    bool ok() const { return chain.ok && anchor.match != AnchorMatch::Contradicts && problems.empty(); }
    // All problems, chain and anchor included, as sentences.
    std::vector<std::string> allProblems() const;
};

Result<IntegrityReport> checkCaseIntegrity(const store::Database& db);

} // namespace siphon::evidence
