#include "cli_args.h"
#include "commands.h"
#include "json_out.h"

#include "terminal_text.h"

#include "ingest/byte_source.h"
#include "ingest/importer.h"
#include "evidence/review_guard.h"
#include "store/case_file.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <unistd.h>

namespace siphon::cli {

namespace {

QJsonObject fileJson(const ingest::FileImportResult& f) {
    QJsonObject o;
    o[QStringLiteral("path")] = qs(f.path);
    o[QStringLiteral("sha256")] = qs(f.sha256);
    o[QStringLiteral("format")] = qs(f.format);
    o[QStringLiteral("records")] = static_cast<double>(f.records);
    o[QStringLiteral("requests")] = static_cast<double>(f.requests);
    o[QStringLiteral("buckets")] = static_cast<double>(f.buckets);
    o[QStringLiteral("rejects")] = static_cast<double>(f.rejects);
    o[QStringLiteral("duplicates")] = static_cast<double>(f.duplicates);
    o[QStringLiteral("conflicts")] = static_cast<double>(f.conflicts);
    o[QStringLiteral("already_imported")] = f.alreadyImported;
    o[QStringLiteral("resumed")] = f.resumed;
    o[QStringLiteral("complete")] = f.complete;
    o[QStringLiteral("seconds")] = f.seconds;
    if (f.error) o[QStringLiteral("error")] = qs(f.error->describe());
    return o;
}

QJsonArray skippedJson(const std::vector<ingest::SkippedInput>& skipped) {
    QJsonArray arr;
    for (const auto& k : skipped) {
        QJsonObject o;
        o[QStringLiteral("path")] = qs(k.path);
        o[QStringLiteral("reason")] = qs(k.reason);
        arr.append(o);
    }
    return arr;
}

// Test seam for the end-to-end truncation test (tests/cli/test_input_changed_cli.cpp): with
// SIPHON_TEST_PAUSE_READ_AT=N and SIPHON_TEST_PAUSE_FIFO=PATH, the import stops once it has read
// N stored bytes of an input, until a writer opens and closes the FIFO. It only waits; the test
// changes the file meanwhile. Unset, nothing is installed.
void installReadPauseFromEnvironment() {
    const char* at = std::getenv("SIPHON_TEST_PAUSE_READ_AT");
    const char* fifo = std::getenv("SIPHON_TEST_PAUSE_FIFO");
    if (!at || !fifo || !*fifo) return;
    const unsigned long long threshold = std::strtoull(at, nullptr, 10);
    ingest::ByteSource::setStoredReadHookForTesting(
        [threshold, fifo = std::string(fifo), paused = false](const std::string&, uint64_t read) mutable {
            if (paused || read < threshold) return;
            paused = true;
            const int fd = ::open(fifo.c_str(), O_RDONLY | O_CLOEXEC);   // waits for the writer
            if (fd < 0) return;
            char buf[64];
            while (::read(fd, buf, sizeof buf) > 0) {
            }
            ::close(fd);
        });
}

void printFile(const ingest::FileImportResult& f) {
    const std::string path = terminalSafe(f.path);
    if (f.alreadyImported) {
        std::printf("%s: already imported (sha256 %s, %s): nothing added\n", path.c_str(),
                    f.sha256.substr(0, 16).c_str(), terminalSafe(f.format).c_str());
        return;
    }
    if (f.error && f.sourceId < 0) {
        std::printf("%s: not imported: %s\n", path.c_str(), terminalSafe(f.error->describe()).c_str());
        return;
    }
    std::printf("%s: %s%s, %lld records: %lld requests, %lld buckets, %lld duplicates, %lld conflicts, "
                "%lld rejected (%.2fs)%s\n",
                path.c_str(), terminalSafe(f.format).c_str(), f.resumed ? " (resumed)" : "",
                static_cast<long long>(f.records), static_cast<long long>(f.requests),
                static_cast<long long>(f.buckets), static_cast<long long>(f.duplicates),
                static_cast<long long>(f.conflicts), static_cast<long long>(f.rejects), f.seconds,
                f.complete ? "" : " INCOMPLETE");
    if (f.error) std::printf("  problem: %s\n", terminalSafe(f.error->describe()).c_str());
}

// The import's progress: each file a phase of siphon.import (debug), and on a terminal a line that
// keeps being rewritten.
std::function<bool(const ingest::ImportProgress&)> progressReporter(bool showProgress, log::PhaseLog& phases) {
    const auto started = std::chrono::steady_clock::now();
    return [showProgress, &phases, started](const ingest::ImportProgress& p) {
        phases.progress(log::filePhase(p.fileIndex, p.fileCount, p.path), p.records, 0);
        if (!showProgress) return true;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double pct = p.allBytesTotal ? 100.0 * double(p.allBytesRead) / double(p.allBytesTotal) : 100.0;
        std::fprintf(stderr, "\r[%d/%d] %5.1f%%  %lld records  %lld rejects  %.1f MB/s   ", p.fileIndex + 1,
                     p.fileCount, pct, static_cast<long long>(p.records), static_cast<long long>(p.rejects),
                     secs > 0 ? double(p.allBytesRead) / 1e6 / secs : 0.0);
        return true;
    };
}

QJsonObject joinJson(const ingest::BedrockJoinSummary& j) {
    QJsonObject o;
    o[QStringLiteral("joined")] = static_cast<double>(j.joined);
    o[QStringLiteral("duplicates")] = static_cast<double>(j.duplicates);
    o[QStringLiteral("kept_apart")] = static_cast<double>(j.keptApart);
    return o;
}

void printJoin(const ingest::BedrockJoinSummary& j) {
    if (!j.any()) return;
    std::printf("CloudTrail <-> Bedrock join: %lld CloudTrail events joined to their invocation records, "
                "%lld duplicates of joined events, %lld kept as rows of their own\n",
                static_cast<long long>(j.joined), static_cast<long long>(j.duplicates),
                static_cast<long long>(j.keptApart));
}

} // namespace

int cmdImport(int argc, char** argv) {
    CommandSpec spec{{"--format", "--mapping", "--org", "--by"}, {"--json", "--quiet"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() < 2) return usageError("import needs CASE and at least one FILE_OR_DIR");
    const std::string casePath = args->positional()[0];
    std::vector<std::string> inputs(args->positional().begin() + 1, args->positional().end());

    // Inputs are checked before the case is created: a typo makes no empty case.
    auto files = ingest::expandInputs(inputs);
    if (!files) return fatalError(files.error().describe());
    auto db = store::openCase(casePath, store::CaseAccess::CreateWrite);
    if (!db) return fatalError(db.error().describe());
    // A review case's evidence is frozen (its triggers would refuse the first write); say why first.
    if (Status s = evidence::refuseInReviewCase(*db, "import"); !s) return fatalError(s.error().describe());

    ingest::ImportOptions options;
    options.format = args->valueOr("--format", "auto");
    options.settings.mappingPath = args->valueOr("--mapping", "");
    options.settings.orgIdHint = args->valueOr("--org", "");
    const char* user = std::getenv("USER");
    options.author = args->valueOr("--by", user && *user ? user : "siphon");
    const bool json = args->flag("--json");
    const bool showProgress = !json && !args->flag("--quiet") && isatty(STDERR_FILENO);
    log::PhaseLog phases(log::lcImport, "import");
    options.progress = progressReporter(showProgress, phases);
    installReadPauseFromEnvironment();
    auto summary = ingest::importFiles(*db, inputs, options);
    phases.finish();
    if (showProgress) std::fprintf(stderr, "\n");
    if (!summary) return fatalError(summary.error().describe());

    // Every path a folder walk left out is named, with why (also recorded in the case).
    for (const auto& k : summary->skipped)
        std::fprintf(stderr, "warning: skipped %s: %s\n", terminalSafe(k.path).c_str(), terminalSafe(k.reason).c_str());
    if (json) {
        QJsonArray arr;
        for (const auto& f : summary->files) arr.append(fileJson(f));
        QJsonObject o;
        o[QStringLiteral("files")] = arr;
        o[QStringLiteral("skipped")] = skippedJson(summary->skipped);
        o[QStringLiteral("cancelled")] = summary->cancelled;
        o[QStringLiteral("join")] = joinJson(summary->join);
        printJson(o);
    } else {
        for (const auto& f : summary->files) printFile(f);
        printJoin(summary->join);
    }
    for (const auto& f : summary->files)
        if (f.error) return fatalError(f.error->describe());
    return summary->cancelled ? kExitError : kExitOk;
}

} // namespace siphon::cli
