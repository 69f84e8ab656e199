#include "evidence/bundle_export.h"

#include "evidence/bundle_encryption.h"
#include "evidence/bundle_files.h"
#include "evidence/bundle_writer.h"
#include "evidence/case_integrity.h"
#include "evidence/output_guard.h"
#include "evidence/production/bates_ledger.h"
#include "evidence/chart_svg.h"
#include "evidence/redaction.h"
#include "evidence/signing.h"
#include "evidence/zip_writer.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/phase_log.h"
#include "util/time_util.h"

#include <QJsonObject>

#include <chrono>
#include <utility>

namespace siphon::evidence {

namespace {

void redactRecords(EvidenceSet& set, const Redactor& r) {
    for (auto& ex : set.exhibits)
        for (auto& rec : ex.records) {
            if (!rec.prompt.empty()) rec.prompt = r.commit(rec.requestRowId, "prompt", rec.prompt);
            if (!rec.response.empty()) rec.response = r.commit(rec.requestRowId, "response", rec.response);
            rec.raw = r.commit(rec.requestRowId, "raw", rec.raw);
            if (rec.joined) rec.joined->raw = r.commit(rec.requestRowId, "joined_raw", rec.joined->raw);
        }
}

// Everything the bundle states, read from one snapshot of the case after its integrity check.
struct CaseState {
    EvidenceSet set;
    std::vector<store::SourceInfo> sources;
    std::vector<AuditEntry> audit;
};

// A deferred read transaction: every read inside sees one state of the case, so a tag added by
// another process mid-export cannot slip in after the check. Ends before the export entry is
// appended (a separate write).
class ReadSnapshot {
public:
    explicit ReadSnapshot(store::Database& db) : db_(db), open_(db.exec("BEGIN DEFERRED").ok()) {}
    ~ReadSnapshot() {
        if (open_) (void)db_.exec("COMMIT");
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    store::Database& db_;
    bool open_;
};

Status refuseUntrustedCase(const store::Database& db) {
    auto rep = checkCaseIntegrity(db);
    if (!rep) return rep.error();
    if (rep->ok()) return {};
    const auto problems = rep->allProblems();
    return makeError(ErrorCode::Verify, "export refused: the case fails its integrity check (" +
                                            std::to_string(problems.size()) + " problem" + (problems.size() == 1 ? "" : "s") +
                                            "; run `siphon-cli audit CASE --verify`): " + problems.front());
}

Result<CaseState> readCaseState(store::Database& db, const ExportOptions& opt) {
    ReadSnapshot snapshot(db);
    if (Status s = refuseUntrustedCase(db); !s) return s.error();
    auto set = collectEvidence(db);
    if (!set) return set.error();
    if (opt.redactPrompts) {
        auto red = Redactor::open(db);
        if (!red) return red.error();
        redactRecords(*set, *red);
    }
    auto sources = store::loadSources(db);
    if (!sources) return sources.error();
    auto audit = loadAudit(db);
    if (!audit) return audit.error();
    return CaseState{std::move(*set), std::move(*sources), std::move(*audit)};
}

int64_t exportTime(const ExportOptions& opt) {
    if (opt.exportTimeUs > 0) return opt.exportTimeUs;
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return secs.count() * 1'000'000LL;
}

Status refuseUnsafeOutput(const store::Database& db, const ExportOptions& opt) {
    if (opt.outPath.empty()) return makeError(ErrorCode::Usage, "export needs an output path");
    auto sources = store::loadSources(db);
    if (!sources) return sources.error();
    std::vector<std::string> paths;
    for (const auto& src : *sources) paths.push_back(src.path);
    if (Status s = refuseOutputOverInputs(opt.outPath, db.path(), paths); !s) return s;
    if (opt.encryptTo.empty()) return {};
    return refuseOutputOverInputs(encryptedPathFor(opt.outPath), db.path(), paths);
}

Status encryptAndAudit(store::Database& db, const ExportOptions& opt, const std::vector<Recipient>& recipients,
                       ExportSummary& summary) {
    if (recipients.empty()) return {};
    auto enc = encryptBundle(opt.outPath, encryptedPathFor(opt.outPath), recipients);
    if (!enc) return enc.error();
    summary.encryptedPath = enc->path;
    summary.encryptedSha256 = enc->sha256;
    for (const auto& r : recipients) summary.recipients.push_back(r.subject);
    return auditEncryption(db, opt.examiner, summary.bundleSha256, *enc, recipients);
}

BundleContext makeContext(const CaseState& state, const ExportOptions& opt, int64_t exportUs, const std::string& fingerprint,
                          std::vector<BundleFile>& files) {
    BundleContext ctx;
    ctx.caseName = opt.caseName;
    ctx.examiner = opt.examiner;
    ctx.batesPrefix = opt.batesPrefix;
    ctx.toolVersion = SIPHON_VERSION;
    ctx.legend = opt.legend;
    ctx.exportTimeUs = exportUs;
    ctx.redacted = opt.redactPrompts;
    ctx.signedBundle = opt.signKeyPath.has_value();
    ctx.signingKeyFingerprint = fingerprint;
    ctx.evidence = &state.set;
    ctx.sources = state.sources;
    ctx.audit = state.audit;
    ctx.files = &files;
    return ctx;
}

ReportInput reportInput(const CaseState& state, const ExportOptions& opt, int64_t exportUs, const std::vector<std::string>& svgs) {
    ReportInput in;
    in.caseName = opt.caseName;
    in.examiner = opt.examiner;
    in.batesPrefix = opt.batesPrefix;
    in.toolVersion = SIPHON_VERSION;
    in.legend = opt.legend;
    in.exportTimeUs = exportUs;
    in.redacted = opt.redactPrompts;
    in.evidence = &state.set;
    in.sources = state.sources;
    in.auditEntries = static_cast<int64_t>(state.audit.size());
    in.auditHeadHash = state.audit.empty() ? kGenesisHash : state.audit.back().hash;
    in.chartSvgs = svgs;
    in.maxTableRowsPerExhibit = opt.maxPdfRowsPerExhibit;
    const auto ranges = production::productionRanges(state.audit);
    // With a production, the bundle's report carries the same Bates numbers as its page images.
    if (!opt.productionDir.empty()) in.batesFirst = production::nextBatesNumber(ranges, opt.batesPrefix);
    for (const auto& r : ranges)
        in.productions.push_back(production::batesNumber(r.prefix, r.first) + " to " + production::batesNumber(r.prefix, r.last) +
                                 " (audit entry " + std::to_string(r.auditSeq) + ")");
    in.batesProblems = production::batesProblems(ranges);
    return in;
}

std::vector<std::string> chartSvgs(const EvidenceSet& set) {
    std::vector<std::string> svgs;
    for (const auto& ex : set.exhibits) svgs.push_back(timelineChartSvg(ex));
    return svgs;
}

// report.pdf first (what people open); returns the chart PNGs (empty strings without a renderer).
Result<std::vector<std::string>> addReport(const CaseState& state, const ExportOptions& opt, int64_t exportUs,
                                           const std::vector<std::string>& svgs, BundleWriter& bundle,
                                           ExportSummary& summary) {
    std::vector<std::string> pngs(svgs.size());
    if (!opt.renderer) return pngs;
    const ReportInput in = reportInput(state, opt, exportUs, svgs);
    auto rendered = opt.renderer(in);
    if (!rendered) return rendered.error();
    if (Status s = bundle.add("report.pdf", rendered->pdf); !s) return s.error();
    summary.reportPages = rendered->pages;
    if (rendered->chartPngs.size() == svgs.size()) pngs = std::move(rendered->chartPngs);
    return pngs;
}

// Each exhibit's records as CSV and JSON lines, written into the ZIP a line at a time.
Status addRecordFiles(const CaseState& state, const ExportOptions& opt, BundleWriter& bundle, ExportSummary& summary) {
    for (const auto& ex : state.set.exhibits) {
        const std::string stem = "evidence/" + ex.number;
        if (Status s = bundle.addPieces(stem + ".csv", [&](const PieceSink& out) { evidenceCsv(ex, opt.redactPrompts, out); }); !s)
            return s;
        if (Status s = bundle.addPieces(stem + ".jsonl", [&](const PieceSink& out) { evidenceJsonl(ex, opt.redactPrompts, out); });
            !s)
            return s;
        summary.records += static_cast<int64_t>(ex.records.size());
    }
    return {};
}

Status addCharts(const EvidenceSet& set, const std::vector<std::string>& svgs, const std::vector<std::string>& pngs,
                 BundleWriter& bundle) {
    for (size_t i = 0; i < set.exhibits.size(); ++i) {
        const std::string stem = "charts/" + set.exhibits[i].number;
        if (!pngs[i].empty())
            if (Status s = bundle.add(stem + ".png", pngs[i]); !s) return s;
        if (!svgs[i].empty())
            if (Status s = bundle.add(stem + ".svg", svgs[i]); !s) return s;
    }
    return {};
}

// The files that describe the others (the manifest lists every file written before it), then the
// sums over all of them and the signature over the sums.
Status addDescriptionsAndSums(const CaseState& state, const ExportOptions& opt, const BundleContext& ctx,
                              BundleWriter& bundle, ExportSummary& summary) {
    if (Status s = bundle.addPieces("timeline.jsonl", [&](const PieceSink& out) { timelineJsonl(state.set, out); }); !s)
        return s;
    if (Status s = bundle.add("audit_log.jsonl", auditJsonl(state.audit)); !s) return s;
    if (Status s = bundle.add("sources.json", sourcesJson(state.sources)); !s) return s;
    const std::pair<const char*, std::string (*)(const BundleContext&)> described[] = {
        {"certification_draft.txt", certificationText}, {"README.txt", readmeText}, {"case.jsonld", caseUcoJsonLd},
        {"manifest.json", manifestJson}};
    for (const auto& [path, make] : described)
        if (Status s = bundle.add(path, make(ctx)); !s) return s;
    std::string sums;
    for (const auto& f : bundle.files()) sums += f.sha256 + "  " + f.path + "\n";
    if (Status s = bundle.add("SHA256SUMS", sums); !s) return s;
    if (!opt.signKeyPath) return {};
    auto sig = signEd25519(*opt.signKeyPath, sums);
    if (!sig) return sig.error();
    summary.signedBundle = true;
    return bundle.add("SHA256SUMS.sig", *sig);
}

// report.pdf first (what people open), then the evidence, then the descriptions and sums.
// Each step is a phase of siphon.evidence (debug), counted in files written so far.
Result<ExportSummary> writeBundle(const CaseState& state, const ExportOptions& opt, int64_t exportUs,
                                  const std::string& fingerprint, log::PhaseLog& phases) {
    BundleWriter bundle(opt.outPath, exportUs);
    if (Status s = bundle.open(); !s) return s.error();
    const BundleContext ctx = makeContext(state, opt, exportUs, fingerprint, bundle.files());
    auto phase = [&](const char* name) { phases.progress(name, static_cast<int64_t>(bundle.files().size()), 0); };
    phase("charts and report");
    const std::vector<std::string> svgs = chartSvgs(state.set);
    ExportSummary summary;
    auto pngs = addReport(state, opt, exportUs, svgs, bundle, summary);
    if (!pngs) return pngs.error();
    phase("record files");
    if (Status s = addRecordFiles(state, opt, bundle, summary); !s) return s.error();
    phase("chart files");
    if (Status s = addCharts(state.set, svgs, *pngs, bundle); !s) return s.error();
    phase("descriptions and sums");
    if (Status s = addDescriptionsAndSums(state, opt, ctx, bundle, summary); !s) return s.error();
    phase("closing the ZIP");
    if (Status s = bundle.finish(); !s) return s.error();
    phase("hashing the bundle");
    for (const auto& f : bundle.files()) summary.files.push_back(f.path);
    summary.bundleSha256 = sha256File(opt.outPath);
    summary.exhibits = static_cast<int64_t>(state.set.exhibits.size());
    return summary;
}

// The production's page images are the report's pages, numbered on from the case's last production.
Status addProduction(store::Database& db, const CaseState& state, const ExportOptions& opt, int64_t exportUs,
                     ExportSummary& summary) {
    if (opt.productionDir.empty()) return {};
    production::ProductionOptions po{opt.productionDir, opt.batesPrefix, opt.productionEncoding, opt.examiner, {}};
    if (opt.pageRenderer)
        po.pageImages = [&](const std::string& prefix, int64_t first) {
            return opt.pageRenderer(reportInput(state, opt, exportUs, chartSvgs(state.set)), prefix, first);
        };
    auto written = production::writeProduction(db, state.set, state.audit, po);
    if (!written) return written.error();
    summary.production = std::move(*written);
    return {};
}

Status auditExport(store::Database& db, const ExportOptions& opt, const ExportSummary& summary, int64_t exportUs,
                   const std::string& fingerprint, size_t auditEntries) {
    QJsonObject p;
    p[QStringLiteral("bundle_sha256")] = QString::fromStdString(summary.bundleSha256);
    p[QStringLiteral("export_time")] = QString::fromStdString(timeutil::formatIso8601(exportUs, true));
    p[QStringLiteral("case_name")] = QString::fromStdString(opt.caseName);
    p[QStringLiteral("examiner")] = QString::fromStdString(opt.examiner);
    p[QStringLiteral("exhibits")] = static_cast<double>(summary.exhibits);
    p[QStringLiteral("records")] = static_cast<double>(summary.records);
    p[QStringLiteral("redaction")] = opt.redactPrompts ? QStringLiteral("prompts") : QStringLiteral("none");
    p[QStringLiteral("signed")] = summary.signedBundle;
    if (summary.signedBundle) p[QStringLiteral("signing_key_sha256")] = QString::fromStdString(fingerprint);
    p[QStringLiteral("audit_entries_included")] = static_cast<double>(auditEntries);
    if (auto a = appendAudit(db, opt.examiner, "export", p); !a) return a.error();
    return {};
}

} // namespace

Result<ExportSummary> exportBundle(store::Database& db, const ExportOptions& opt) {
    if (Status s = refuseUnsafeOutput(db, opt); !s) return s.error();
    const int64_t exportUs = exportTime(opt);
    // Keys are checked before any work so a bad --sign fails fast.
    std::string fingerprint;
    if (opt.signKeyPath) {
        auto fp = publicKeyFingerprint(*opt.signKeyPath, true);
        if (!fp) return fp.error();
        fingerprint = *fp;
    }
    if (!opt.productionDir.empty())
        if (Status s = production::checkProductionTarget({opt.productionDir, opt.batesPrefix, {}, {}, {}}); !s) return s.error();
    std::vector<Recipient> recipients;
    if (!opt.encryptTo.empty()) {
        auto r = loadRecipients(opt.encryptTo);
        if (!r) return r.error();
        recipients = std::move(*r);
    }
    log::PhaseLog phases(log::lcEvidence, "export " + opt.outPath);
    phases.progress("reading the case", 0, 0);
    auto state = readCaseState(db, opt);
    if (!state) return state.error();
    auto summary = writeBundle(*state, opt, exportUs, fingerprint, phases);
    if (!summary) return summary.error();
    phases.progress("audit, production, encryption", static_cast<int64_t>(summary->files.size()), 0);
    if (Status s = auditExport(db, opt, *summary, exportUs, fingerprint, state->audit.size()); !s) return s.error();
    if (Status s = addProduction(db, *state, opt, exportUs, *summary); !s) return s.error();
    if (Status s = encryptAndAudit(db, opt, recipients, *summary); !s) return s.error();
    return summary;
}

} // namespace siphon::evidence
