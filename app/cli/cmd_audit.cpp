// audit CASE [--verify] [--json]: prints the hash-chained audit log; --verify recomputes the chain
// and exits 1 naming the first broken entry.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"
#include "json_out.h"

#include "evidence/audit_log.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>
#include <string>

namespace siphon::cli {

int cmdAudit(int argc, char** argv) {
    CommandSpec spec{{}, {"--verify", "--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("audit needs exactly one CASE");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto entries = evidence::loadAudit(*db);
    if (!entries) return fatalError(entries.error().describe());

    if (args->flag("--verify")) {
        const auto check = evidence::verifyAuditChain(*entries);
        if (!check.ok) return fatalError("audit chain broken at seq " + std::to_string(check.firstBrokenSeq) + ": " +
                                         check.problem);
        std::printf("audit chain OK: %lld entries, head %s\n", static_cast<long long>(check.entries),
                    entries->empty() ? evidence::kGenesisHash.c_str() : entries->back().hash.c_str());
        return kExitOk;
    }
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
