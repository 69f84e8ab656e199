// audit CASE [--verify [--expect-head HASH]] [--json]: prints the hash-chained audit log.
// --verify checks the case as export does (evidence/case_integrity.h): the chain link by link,
// the chain against its anchor sidecar (CASE.chain; says so when there is none), tags, sources
// and analysis runs against their entries. --expect-head takes a head hash kept outside the case
// (an export's manifest, an e-mail to counsel): the chain must still contain it. Exit 1 naming
// every problem.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"
#include "json_out.h"

#include "evidence/audit_log.h"
#include "evidence/case_integrity.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace siphon::cli {

namespace {

void checkExpectedHead(const std::vector<evidence::AuditEntry>& chain, const std::string& expected,
                       std::vector<std::string>& problems) {
    const auto it = std::find_if(chain.begin(), chain.end(), [&](const auto& e) { return e.hash == expected; });
    if (it == chain.end() && expected != evidence::kGenesisHash)
        problems.push_back("the chain does not contain the expected head " + expected +
                           " (history cut or rewritten since it was recorded)");
    else
        std::printf("ok    expected head found at seq %lld of %zu\n",
                    static_cast<long long>(it == chain.end() ? 0 : it->seq), chain.size());
}

int verify(const store::Database& db, const std::vector<evidence::AuditEntry>& chain, const Args& args) {
    auto rep = evidence::checkCaseIntegrity(db);
    if (!rep) return fatalError(rep.error().describe());
    auto problems = rep->allProblems();
    if (auto expected = args.value("--expect-head")) checkExpectedHead(chain, *expected, problems);
    for (const auto& n : rep->notes) std::printf("ok    %s\n", terminalSafe(n).c_str());
    const bool anchorOk = rep->anchor.match != evidence::AnchorMatch::Contradicts;
    if (anchorOk) std::printf("%s  %s\n", rep->anchor.anchor ? "ok  " : "note", terminalSafe(rep->anchor.sentence).c_str());
    for (const auto& p : problems) std::fprintf(stderr, "FAIL  %s\n", terminalSafe(p).c_str());
    if (!problems.empty())
        return fatalError("audit verification failed (" + std::to_string(problems.size()) + " problem" +
                          (problems.size() == 1 ? "" : "s") + ")");
    std::printf("audit chain OK: %lld entries, head %s\n", static_cast<long long>(rep->entries), rep->headHash.c_str());
    return kExitOk;
}

} // namespace

int cmdAudit(int argc, char** argv) {
    CommandSpec spec{{"--expect-head"}, {"--verify", "--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("audit needs exactly one CASE");
    if (args->value("--expect-head") && !args->flag("--verify")) return usageError("--expect-head needs --verify");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto entries = evidence::loadAudit(*db);
    if (!entries) return fatalError(entries.error().describe());

    if (args->flag("--verify")) return verify(*db, *entries, *args);
    if (args->flag("--json")) {
        QJsonArray a;
        for (const auto& e : *entries) a.append(evidence::auditEntryToJson(e));
        printJson(a);
        return kExitOk;
    }
    for (const auto& e : *entries)
        std::printf("%5lld  %s  %-10s %-16s %s  %.16s\n", static_cast<long long>(e.seq),
                    timeutil::formatIso8601(e.tsUs, true).c_str(), terminalSafe(e.action).c_str(),
                    terminalSafe(e.author).c_str(), terminalSafe(e.payload).c_str(), e.hash.c_str());
    if (entries->empty()) std::printf("audit log is empty\n");
    return kExitOk;
}

} // namespace siphon::cli
