// export CASE --out BUNDLE.zip [--sign KEY.pem] [--encrypt-to CERT.pem ...] [--redact prompts|none]
//        [--case-name TEXT] [--examiner NAME] [--bates-prefix TEXT] [--export-time ISO8601]
// --production DIR [--production-encoding utf8|cp1252] also writes a production for review
// platforms (DAT, OPT, natives, text, page images; evidence/production/production_writer.h) whose
// Bates numbers continue the case's earlier productions of the same --bates-prefix.
// --encrypt-to (repeatable) also writes BUNDLE.zip.p7m, the ZIP encrypted to those certificates
// (evidence/bundle_encryption.h), and prints the openssl command that decrypts it.
// --review-case OUT.siphon writes a portable review case (evidence/review_case.h); --out is then
// optional.
// Refused, with every problem named: a case that fails `audit --verify` (evidence/case_integrity.h),
// and an --out that is the case, its side files or anchor, or a source file (output_guard.h).
// The PDF report needs QtGui: with the UI library built, a QGuiApplication is made here (offscreen
// when there is no display); without it the bundle has no report.pdf or PNG charts.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"

#include "evidence/bundle_export.h"
#include "evidence/case_integrity.h"
#include "evidence/review_case.h"
#include "store/case_file.h"
#include "util/time_util.h"

#ifdef SIPHON_HAVE_UI
#include "report/report_renderer.h"

#include <QGuiApplication>
#include <QHashFunctions>
#endif

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace siphon::cli {

namespace {

// Every problem on its own line before the refusal (exportBundle refuses too, naming the first).
bool caseIsTrustworthy(const store::Database& db) {
    auto rep = evidence::checkCaseIntegrity(db);
    if (!rep) return true;   // exportBundle reports the read error itself
    for (const auto& p : rep->allProblems()) std::fprintf(stderr, "FAIL  %s\n", terminalSafe(p).c_str());
    return rep->ok();
}

void printProduction(const evidence::production::ProductionSummary& p) {
    std::printf("wrote production %s: %lld documents, %lld page images, Bates %lld-%lld\n  %s\n  %s\n", p.dir.c_str(),
                static_cast<long long>(p.documents), static_cast<long long>(p.images), static_cast<long long>(p.firstBates),
                static_cast<long long>(p.lastBates), p.datPath.c_str(), p.optPath.c_str());
}

void printEncryption(const evidence::ExportSummary& s) {
    std::printf("wrote %s: encrypted to %zu recipient(s)\nsha256 %s\n", s.encryptedPath.c_str(), s.recipients.size(),
                s.encryptedSha256.c_str());
    for (const auto& subject : s.recipients) std::printf("  recipient %s\n", terminalSafe(subject).c_str());
    std::printf("decrypt: openssl cms -decrypt -binary -inform DER -in %s -recip CERT.pem -inkey KEY.pem -out BUNDLE.zip\n",
                s.encryptedPath.c_str());
}

// A review case for a reviewer (evidence/review_case.h), before any bundle: the bundle's audit log
// then shows the cut.
int writeReviewCase(store::Database& db, const std::string& path, const std::string& examiner) {
    auto sum = evidence::writeReviewCase(db, {path, examiner});
    if (!sum) {
        if (sum.error().code == ErrorCode::Usage) return usageError(sum.error().describe());
        return fatalError(sum.error().describe());
    }
    std::printf("wrote review case %s: %lld tags, %lld records with their bytes, %lld source hashes\n"
                "review id %s, cut at audit seq %lld (head %s)\n"
                "records sha256 digest %s\n",
                path.c_str(), static_cast<long long>(sum->tags), static_cast<long long>(sum->origin.records),
                static_cast<long long>(sum->sources), sum->origin.reviewId.c_str(), static_cast<long long>(sum->origin.cutSeq),
                sum->origin.cutHeadHash.c_str(), sum->origin.recordsDigest.c_str());
    return kExitOk;
}

} // namespace

int cmdExport(int argc, char** argv) {
    CommandSpec spec{{"--out", "--sign", "--redact", "--case-name", "--examiner", "--bates-prefix", "--export-time",
                      "--legend", "--encrypt-to", "--production", "--production-encoding", "--review-case"},
                     {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("export needs exactly one CASE");
    auto out = args->value("--out");
    const std::string reviewCase = args->valueOr("--review-case", "");
    if (reviewCase.empty() && (!out || out->empty())) return usageError("export needs --out BUNDLE.zip (or --review-case OUT.siphon)");
    const std::string redact = args->valueOr("--redact", "none");
    if (redact != "none" && redact != "prompts") return usageError("--redact must be prompts or none");
    evidence::ExportOptions opt;
    opt.outPath = out.value_or("");
    opt.redactPrompts = redact == "prompts";
    opt.caseName = args->valueOr("--case-name", opt.caseName);
    opt.examiner = args->valueOr("--examiner", opt.examiner);
    opt.batesPrefix = args->valueOr("--bates-prefix", opt.batesPrefix);
    opt.legend = args->valueOr("--legend", opt.legend);
    if (opt.batesPrefix.empty() || opt.batesPrefix.size() > 24) return usageError("--bates-prefix must be 1..24 characters");
    if (auto k = args->value("--sign")) opt.signKeyPath = *k;
    opt.encryptTo = args->values("--encrypt-to");
    opt.productionDir = args->valueOr("--production", "");
    const std::string encoding = args->valueOr("--production-encoding", "utf8");
    if (encoding != "utf8" && encoding != "cp1252") return usageError("--production-encoding must be utf8 or cp1252");
    if (encoding == "cp1252") opt.productionEncoding = evidence::production::DatEncoding::Windows1252;
    if (auto t = args->value("--export-time")) {
        auto parsed = timeutil::parseIso8601(*t);
        if (!parsed) return usageError("--export-time must be ISO 8601, e.g. 2026-03-01T12:00:00Z");
        opt.exportTimeUs = parsed->us;
    }

#ifdef SIPHON_HAVE_UI
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    // Qt writes the PDF's fonts in QHash order; a fixed seed keeps the bytes reproducible.
    QHashSeed::setDeterministicGlobalSeed();
    // main() makes no application object; the PDF and PNG rendering need a QGuiApplication.
    static int guiArgc = 1;
    static char* guiArgv[] = {argv[0], nullptr};
    auto gui = std::make_unique<QGuiApplication>(guiArgc, guiArgv);
    opt.renderer = [](const evidence::ReportInput& in) { return ui::report::renderReport(in); };
    opt.pageRenderer = [](const evidence::ReportInput& in, const std::string& prefix, int64_t first) {
        return ui::report::renderReportPageImages(in, prefix, first);
    };
#else
    // A production's first document is the report as page images; without the renderer it would be
    // incomplete, so it is refused rather than written short.
    if (!opt.productionDir.empty())
        return usageError("--production needs the report renderer, and this siphon-cli was built without the UI "
                          "library (SIPHON_BUILD_UI=OFF); nothing was written");
    std::fprintf(stderr, "warning: built without the UI library: the bundle has no report.pdf\n");
#endif

    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    if (!caseIsTrustworthy(*db))
        return fatalError("export refused: the case fails its integrity check (see `siphon-cli audit CASE --verify`); "
                          "nothing was written");
    if (!reviewCase.empty()) {
        if (int rc = writeReviewCase(*db, reviewCase, opt.examiner); rc != kExitOk || !out) return rc;
    }
    auto summary = evidence::exportBundle(*db, opt);
    if (!summary) {
        if (summary.error().code == ErrorCode::Usage) return usageError(summary.error().describe());
        return fatalError(summary.error().describe());
    }
    std::printf("wrote %s: %lld exhibits, %lld records, %zu files, report %lld pages%s\nsha256 %s\n",
                opt.outPath.c_str(), static_cast<long long>(summary->exhibits), static_cast<long long>(summary->records),
                summary->files.size(), static_cast<long long>(summary->reportPages),
                summary->signedBundle ? ", signed" : "", summary->bundleSha256.c_str());
    if (summary->production) printProduction(*summary->production);
    if (!summary->encryptedPath.empty()) printEncryption(*summary);
    return kExitOk;
}

} // namespace siphon::cli
