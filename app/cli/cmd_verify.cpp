// verify BUNDLE.zip [--pubkey PUB.pem] [--expect-head HASH]: checks every hash, the manifest, the
// audit chain and the signature without extracting anything; prints each failure naming the file;
// exit 1 on any. --expect-head takes an audit head hash kept outside the case (an earlier bundle's
// manifest, the case's .chain sidecar, an e-mail to counsel): the bundle's chain must contain it,
// so a bundle made after history was cut or rewritten fails. Entry names are shown terminal-safe.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"

#include "evidence/bundle_verify.h"

#include <algorithm>
#include <cstdio>

namespace siphon::cli {

namespace {

void checkExpectedHead(const std::string& expected, evidence::VerifyReport& rep) {
    const auto& hashes = rep.auditHashes;
    const auto it = std::find(hashes.begin(), hashes.end(), expected);
    if (rep.auditEntries < 0) {
        rep.failures.push_back("--expect-head: the bundle's audit chain could not be checked");
    } else if (it == hashes.end()) {
        rep.failures.push_back("audit_log.jsonl: does not contain the expected head " + expected +
                               " (history cut or rewritten since it was recorded)");
    } else {
        rep.notes.push_back("expected head found at seq " + std::to_string(it - hashes.begin() + 1) + " of " +
                            std::to_string(hashes.size()));
    }
    rep.ok = rep.failures.empty();
}

} // namespace

int cmdVerify(int argc, char** argv) {
    CommandSpec spec{{"--pubkey", "--expect-head"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("verify needs exactly one BUNDLE.zip");
    auto rep = evidence::verifyBundle(args->positional()[0], args->value("--pubkey"));
    if (!rep) return fatalError(rep.error().describe());
    if (auto expected = args->value("--expect-head")) checkExpectedHead(*expected, *rep);
    for (const auto& n : rep->notes) std::printf("ok    %s\n", terminalSafe(n).c_str());
    for (const auto& f : rep->failures) std::fprintf(stderr, "FAIL  %s\n", terminalSafe(f).c_str());
    if (!rep->ok) {
        std::fprintf(stderr, "error: bundle verification failed (%zu problem%s)\n", rep->failures.size(),
                     rep->failures.size() == 1 ? "" : "s");
        return kExitError;
    }
    std::printf("bundle OK: %lld files verified%s\n", static_cast<long long>(rep->filesChecked),
                rep->signatureChecked ? ", signature valid" : "");
    return kExitOk;
}

} // namespace siphon::cli
