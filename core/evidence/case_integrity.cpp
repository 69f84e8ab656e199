#include "evidence/case_integrity.h"

#include "evidence/integrity_checks.h"

namespace siphon::evidence {

std::vector<std::string> IntegrityReport::allProblems() const {
    std::vector<std::string> out;
    if (!chain.ok) out.push_back("audit chain broken at seq " + std::to_string(chain.firstBrokenSeq) + ": " + chain.problem);
    if (anchor.match == AnchorMatch::Contradicts) out.push_back(anchor.sentence);
    out.insert(out.end(), problems.begin(), problems.end());
    return out;
}

Result<IntegrityReport> checkCaseIntegrity(const store::Database& db) {
    auto chain = loadAudit(db);
    if (!chain) return chain.error();
    IntegrityReport rep;
    rep.chain = verifyAuditChain(*chain);
    rep.entries = static_cast<int64_t>(chain->size());
    rep.headHash = chain->empty() ? kGenesisHash : chain->back().hash;
    auto anchor = readChainAnchor(db.path());
    if (!anchor) rep.problems.push_back(anchor.error().describe());
    else rep.anchor = compareWithAnchor(*chain, *anchor, "the anchor " + chainAnchorPath(db.path()));

    const integrity::AuditIndex index(*chain);
    integrity::Findings f;
    for (auto check : {integrity::checkTags, integrity::checkSources, integrity::checkSkippedPaths,
                       integrity::checkAnalysisRuns})
        if (Status s = check(db, index, f); !s) return s.error();
    if (Status s = integrity::checkLabels(db, f); !s) return s.error();
    rep.problems.insert(rep.problems.end(), f.problems.begin(), f.problems.end());
    rep.notes = std::move(f.notes);
    return rep;
}

} // namespace siphon::evidence
