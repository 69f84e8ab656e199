#include "evidence/bundle_export.h"

#include "evidence/bundle_files.h"
#include "evidence/chart_svg.h"
#include "evidence/redaction.h"
#include "evidence/signing.h"
#include "evidence/zip_writer.h"
#include "util/hash.h"
#include "util/time_util.h"

#include <QJsonObject>

#include <chrono>

namespace siphon::evidence {

namespace {

void redactRecords(EvidenceSet& set, const Redactor& r) {
    for (auto& ex : set.exhibits)
        for (auto& rec : ex.records) {
            if (!rec.prompt.empty()) rec.prompt = r.commit(rec.requestRowId, "prompt", rec.prompt);
            if (!rec.response.empty()) rec.response = r.commit(rec.requestRowId, "response", rec.response);
            rec.raw = r.commit(rec.requestRowId, "raw", rec.raw);
        }
}

void add(std::vector<BundleFile>& files, std::string path, std::string bytes) {
    BundleFile f{std::move(path), std::move(bytes), {}};
    f.sha256 = Sha256::hex(f.bytes);
    files.push_back(std::move(f));
}

} // namespace

Result<ExportSummary> exportBundle(store::Database& db, const ExportOptions& opt) {
    if (opt.outPath.empty()) return makeError(ErrorCode::Usage, "export needs an output path");
    int64_t exportUs = opt.exportTimeUs;
    if (exportUs <= 0)
        exportUs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count() *
                   1'000'000LL;
    // Keys are checked before any work so a bad --sign fails fast.
    std::string fingerprint;
    if (opt.signKeyPath) {
        auto fp = publicKeyFingerprint(*opt.signKeyPath, true);
        if (!fp) return fp.error();
        fingerprint = *fp;
    }
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

    std::vector<BundleFile> files;
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
    ctx.evidence = &*set;
    ctx.sources = *sources;
    ctx.audit = *audit;
    ctx.files = &files;

    std::vector<std::string> svgs;
    for (const auto& ex : set->exhibits) svgs.push_back(timelineChartSvg(ex));

    // Fixed order: report first (what people open), then the evidence, then descriptions, then sums.
    ExportSummary summary;
    std::vector<std::string> pngs(svgs.size());
    if (opt.renderer) {
        ReportInput in;
        in.caseName = opt.caseName;
        in.examiner = opt.examiner;
        in.batesPrefix = opt.batesPrefix;
        in.toolVersion = SIPHON_VERSION;
        in.legend = opt.legend;
        in.exportTimeUs = exportUs;
        in.redacted = opt.redactPrompts;
        in.evidence = &*set;
        in.sources = *sources;
        in.auditEntries = static_cast<int64_t>(audit->size());
        in.auditHeadHash = audit->empty() ? kGenesisHash : audit->back().hash;
        in.chartSvgs = svgs;
        in.maxTableRowsPerExhibit = opt.maxPdfRowsPerExhibit;
        auto rendered = opt.renderer(in);
        if (!rendered) return rendered.error();
        add(files, "report.pdf", std::move(rendered->pdf));
        summary.reportPages = rendered->pages;
        if (rendered->chartPngs.size() == svgs.size()) pngs = std::move(rendered->chartPngs);
    }
    for (const auto& ex : set->exhibits) {
        add(files, "evidence/" + ex.number + ".csv", evidenceCsv(ex, opt.redactPrompts));
        add(files, "evidence/" + ex.number + ".jsonl", evidenceJsonl(ex, opt.redactPrompts));
        summary.records += static_cast<int64_t>(ex.records.size());
    }
    for (size_t i = 0; i < set->exhibits.size(); ++i) {
        if (!pngs[i].empty()) add(files, "charts/" + set->exhibits[i].number + ".png", std::move(pngs[i]));
        if (!svgs[i].empty()) add(files, "charts/" + set->exhibits[i].number + ".svg", svgs[i]);
    }
    add(files, "timeline.jsonl", timelineJsonl(*set));
    add(files, "audit_log.jsonl", auditJsonl(*audit));
    add(files, "sources.json", sourcesJson(*sources));
    add(files, "certification_draft.txt", certificationText(ctx));
    add(files, "README.txt", readmeText(ctx));
    add(files, "case.jsonld", caseUcoJsonLd(ctx));
    add(files, "manifest.json", manifestJson(ctx));
    std::string sums;
    for (const auto& f : files) sums += f.sha256 + "  " + f.path + "\n";
    add(files, "SHA256SUMS", sums);
    if (opt.signKeyPath) {
        auto sig = signEd25519(*opt.signKeyPath, sums);
        if (!sig) return sig.error();
        add(files, "SHA256SUMS.sig", std::move(*sig));
        summary.signedBundle = true;
    }

    std::vector<ZipEntry> entries;
    entries.reserve(files.size());
    for (auto& f : files) {
        summary.files.push_back(f.path);
        entries.push_back({f.path, std::move(f.bytes)});
    }
    if (Status s = writeDeterministicZip(opt.outPath, entries, exportUs); !s) return s.error();
    summary.bundleSha256 = sha256File(opt.outPath);
    summary.exhibits = static_cast<int64_t>(set->exhibits.size());

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
    p[QStringLiteral("audit_entries_included")] = static_cast<double>(audit->size());
    if (auto a = appendAudit(db, opt.examiner, "export", p); !a) return a.error();
    return summary;
}

} // namespace siphon::evidence
