// verify BUNDLE.zip [--pubkey PUB.pem]: checks every hash, the manifest, the audit chain and the
// signature without extracting anything; prints each failure naming the file; exit 1 on any.
#include "cli_args.h"
#include "commands.h"

#include "evidence/bundle_verify.h"

#include <cstdio>

namespace siphon::cli {

int cmdVerify(int argc, char** argv) {
    CommandSpec spec{{"--pubkey"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("verify needs exactly one BUNDLE.zip");
    auto rep = evidence::verifyBundle(args->positional()[0], args->value("--pubkey"));
    if (!rep) return fatalError(rep.error().describe());
    for (const auto& n : rep->notes) std::printf("ok    %s\n", n.c_str());
    for (const auto& f : rep->failures) std::fprintf(stderr, "FAIL  %s\n", f.c_str());
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
