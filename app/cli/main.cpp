// siphon-cli: everything the GUI does, headless. Exit 0 on success, 1 on a fatal error
// (one "error:" line on stderr), 2 on bad usage.
#include "cli_args.h"
#include "commands.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

struct Command {
    const char* name;
    int (*run)(int, char**);
    const char* usage;
};

const Command kCommands[] = {
    {"import", siphon::cli::cmdImport, "import CASE FILE_OR_DIR... [--format auto|NAME] [--mapping MAP.json] [--org ID] [--by NAME] [--json]"},
    {"info", siphon::cli::cmdInfo, "info CASE [--json]"},
    {"formats", siphon::cli::cmdFormats, "formats"},
    {"analyze", siphon::cli::cmdAnalyze, "analyze CASE [--level account|project|key|user|ip] [--by NAME]"},
    {"accounts", siphon::cli::cmdAccounts, "accounts CASE [--level ...] [--format csv|json] [--top N]"},
    {"timeline", siphon::cli::cmdTimeline, "timeline CASE --entity ID [--level L] [--bucket 1m|1h|1d] [--format csv|json]"},
    {"tag", siphon::cli::cmdTag,
     "tag CASE (--entity ID | --request ID | --range ID FROM TO | --cluster ID) --label NAME [--note TEXT] --by NAME"},
    {"bulk-tag", siphon::cli::cmdBulkTag,
     "bulk-tag CASE --entity ID [--level L] [--from ISO8601] [--to ISO8601] [--search WORDS] --label NAME [--note TEXT]"
     " --by NAME [--json]"},
    {"untag", siphon::cli::cmdUntag, "untag CASE --tag TAG_ID --by NAME [--note TEXT]"},
    {"tags", siphon::cli::cmdTags, "tags CASE [--format csv|json]"},
    {"audit", siphon::cli::cmdAudit, "audit CASE [--verify [--expect-head HASH]] [--json]"},
    {"export", siphon::cli::cmdExport,
     "export CASE --out BUNDLE.zip [--sign KEY.pem] [--encrypt-to CERT.pem ...] [--redact prompts|none] [--case-name TEXT] [--examiner NAME]"
     " [--bates-prefix TEXT] [--export-time ISO8601] [--production DIR [--production-encoding utf8|cp1252]]"
     "\n  siphon-cli export CASE --review-case OUT.siphon [--examiner NAME] [--out BUNDLE.zip ...]"},
    {"merge-review", siphon::cli::cmdMergeReview, "merge-review MASTER.siphon REVIEW.siphon --by NAME [--json]"},
    {"verify", siphon::cli::cmdVerify, "verify BUNDLE.zip [--pubkey PUB.pem] [--expect-head HASH]"},
    {"conflicts", siphon::cli::cmdConflicts, "conflicts CASE [--format csv|json]"},
    {"generate", siphon::cli::cmdGenerate,
     "generate --out DIR [--seed N] [--accounts N] [--days N] [--format NAME|all] [--dirty]"},
    {"demo", siphon::cli::cmdDemo, "demo [--out DIR]"},
    {"bench-import", siphon::cli::cmdBenchImport,
     "bench-import [--requests N] [--accounts N] [--days N] [--shapes narrow,wide,folder,second] [--seed N]"
     " [--dir DIR] [--keep]"},
    {"bench-detect", siphon::cli::cmdBenchDetect,
     "bench-detect [--set tuning|report] [--seeds N] [--accounts N] [--days N] [--formats F,...] [--no-usage]"},
    {"bench-scale", siphon::cli::cmdBenchScale,
     "bench-scale [--requests N] [--accounts N] [--network N] [--days N] [--seed N] [--dir DIR] [--keep]"},
    {"warehouse", siphon::cli::cmdWarehouse,
     "warehouse sql --engine clickhouse|postgres|sqlite|bigquery|spark|trino [--level L] [--mapping MAP.json]"
     " [--table NAME]\n  siphon-cli warehouse features CASE --engine clickhouse|postgres --url URL --table NAME"
     " [--level L] [--mapping MAP.json] [--timeout SECONDS] [--by NAME]"},
};

void printHelp() {
    std::printf("siphon-cli %s — investigate LLM API distillation from usage logs\n\nUsage:\n", SIPHON_VERSION);
    for (const auto& c : kCommands) std::printf("  siphon-cli %s\n", c.usage);
    std::printf("  siphon-cli --version\n\nExit codes: 0 success, 1 error, 2 bad usage, 3 merge-review left conflicts out.\n");
    std::printf(
        "Detail on stderr: QT_LOGGING_RULES=\"siphon.import.debug=true\" (or siphon.analysis, siphon.evidence;\n"
        "siphon.*.debug=true for all): each file, analysis phase and export step with its time.\n");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication::setApplicationName(QStringLiteral("siphon-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIPHON_VERSION));
    if (argc < 2) {
        printHelp();
        return siphon::cli::kExitUsage;
    }
    const std::string_view word = argv[1];
    if (word == "--version" || word == "version") {
        std::printf("siphon-cli %s\n", SIPHON_VERSION);
        return 0;
    }
    if (word == "--help" || word == "-h" || word == "help") {
        printHelp();
        return 0;
    }
    for (const auto& c : kCommands) {
        if (word == c.name) {
            for (int i = 2; i < argc; ++i) {
                if (std::strcmp(argv[i], "--help") == 0) {
                    std::printf("usage: siphon-cli %s\n", c.usage);
                    return 0;
                }
            }
            return c.run(argc, argv);
        }
    }
    return siphon::cli::usageError("unknown command '" + std::string(word) + "'");
}
