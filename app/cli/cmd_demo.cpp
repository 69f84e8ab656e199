// demo: the embedded default job — generate → import → analyze → tag → export, into one folder.
#include "cli_args.h"
#include "commands.h"
#include "timed_process.h"

#include "demo/demo_case.h"

#include <cstdio>
#include <filesystem>

namespace siphon::cli {

int cmdDemo(int argc, char** argv) {
    CommandSpec spec{{"--out", "--accounts", "--days", "--seed"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (!args->positional().empty()) return usageError("demo takes no positional arguments");
    demo::DemoOptions opt;
    opt.outDir = args->valueOr("--out", "siphon-demo");
    try {
        opt.accounts = std::stoi(args->valueOr("--accounts", "150"));
        opt.days = std::stoi(args->valueOr("--days", "10"));
        opt.seed = std::stoull(args->valueOr("--seed", "42"));
    } catch (const std::exception&) {
        return usageError("--accounts, --days and --seed take whole numbers");
    }
    opt.say = [](const std::string& s) {
        std::printf("%s\n", s.c_str());
        std::fflush(stdout);
    };
    auto built = demo::buildDemoCase(opt);
    if (!built) return fatalError(built.error().describe());

    std::printf("exporting the evidence bundle ...\n");
    std::fflush(stdout);
    const std::string bundle = (std::filesystem::path(opt.outDir) / "evidence-bundle.zip").string();
    const TimedRun exported = runTimed({selfExecutable(), "export", built->casePath, "--out", bundle, "--case-name",
                                        "Siphon demo case", "--examiner", "Siphon demo", "--bates-prefix", "DEMO",
                                        "--export-time", "2026-02-01T00:00:00Z"},
                                       {}, true);
    if (exported.exitCode != 0) return fatalError("export of the demo bundle failed");

    std::printf("\ndemo case   %s\n", built->casePath.c_str());
    std::printf("logs        %s\n", built->logsDir.c_str());
    std::printf("bundle      %s\n", bundle.c_str());
    std::printf("imported    %lld requests, %lld usage buckets, %lld rejected records\n",
                static_cast<long long>(built->requests), static_cast<long long>(built->buckets),
                static_cast<long long>(built->rejects));
    std::printf("analysis    %lld accounts flagged, %lld clusters\n", static_cast<long long>(built->flagged),
                static_cast<long long>(built->clusters));
    for (const auto& t : built->taggedTargets) std::printf("tagged      %s\n", t.c_str());
    std::printf("\nnext: siphon-cli accounts %s --top 10   |   siphon %s\n", built->casePath.c_str(),
                built->casePath.c_str());
    return kExitOk;
}

} // namespace siphon::cli
