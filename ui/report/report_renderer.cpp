#include "report/report_renderer.h"

#include "evidence/chart_svg.h"
#include "report/page_sink.h"
#include "report/pdf_composer.h"
#include "util/saturating.h"
#include "util/time_util.h"

#include <QBuffer>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgRenderer>

#include <cstdio>

namespace siphon::ui::report {

using evidence::Exhibit;
using evidence::TargetKind;

namespace {

QString u(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
// Whole seconds, "YYYY-MM-DD HH:MM:SS" (the report states once that every time is UTC).
QString iso(int64_t us) {
    const int64_t secs = us >= 0 ? us / 1'000'000 : (us - 999'999) / 1'000'000;
    QString s = u(timeutil::formatIso8601(secs * 1'000'000));
    s.replace(QLatin1Char('T'), QLatin1Char(' '));
    if (s.endsWith(QLatin1Char('Z'))) s.chop(1);
    return s;
}
// A total that reached the int64 limit is a lower bound (util/saturating.h): the report says so.
QString count(int64_t v) {
    const QString digits = QLocale(QLocale::English).toString(static_cast<qlonglong>(v));
    return isSaturated(v) ? QStringLiteral("at least ") + digits + QStringLiteral(" (total too large to count exactly)") : digits;
}

QString targetText(const evidence::TagTarget& t) {
    switch (t.kind) {
    case TargetKind::Entity: return u(std::string(levelInfo(t.level).name)) + QLatin1Char(' ') + displaySafe(t.entity, 80);
    case TargetKind::Request: return QStringLiteral("request #%1").arg(t.requestRowId);
    case TargetKind::Range:
        return u(std::string(levelInfo(t.level).name)) + QLatin1Char(' ') + displaySafe(t.entity, 80) +
               QStringLiteral(", ") + iso(t.fromUs) + QStringLiteral(" to ") + iso(t.toUs);
    case TargetKind::Cluster: return QStringLiteral("cluster %1").arg(t.clusterId);
    }
    return {};
}

QColor labelColour(const Exhibit& ex) {
    QColor c(u(ex.tag.label.colour));
    return c.isValid() ? c : QColor(0x1f, 0x4e, 0x79);
}

std::string pngFromSvg(const std::string& svg) {
    QSvgRenderer r(QByteArray::fromStdString(svg));
    QImage img(evidence::kChartWidth * 2, evidence::kChartHeight * 2, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    r.render(&p);
    p.end();
    QByteArray bytes;
    QBuffer buf(&bytes);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    return bytes.toStdString();
}

// Qt stamps the PDF with the wall-clock time; replace it with the export time, same length, so
// the same export gives the same bytes (the xref offsets stay valid).
void pinCreationDate(QByteArray& pdf, int64_t exportUs) {
    const QByteArray key("/CreationDate (D:");
    const qsizetype at = pdf.indexOf(key);
    if (at < 0) return;
    const qsizetype start = at + key.size();
    const qsizetype end = pdf.indexOf(')', start);
    if (end < 0) return;
    std::string iso8601 = timeutil::formatIso8601(exportUs);   // YYYY-MM-DDTHH:MM:SSZ
    std::string d = iso8601.substr(0, 4) + iso8601.substr(5, 2) + iso8601.substr(8, 2) + iso8601.substr(11, 2) +
                    iso8601.substr(14, 2) + iso8601.substr(17, 2);
    QByteArray repl = QByteArray::fromStdString(d);
    const qsizetype oldLen = end - start;
    if (repl.size() < oldLen) repl += QByteArray("Z00'00'").left(oldLen - repl.size());
    while (repl.size() < oldLen) repl += ' ';
    pdf.replace(start, oldLen, repl.left(oldLen));
}

void findingSection(PdfComposer& c, const Exhibit& ex, const std::string& svg) {
    c.subheading(u(ex.number) + QStringLiteral(" — ") + targetText(ex.tag.target) + QStringLiteral("  [") +
                     u(ex.tag.label.name) + QLatin1Char(']'),
                 labelColour(ex));
    std::vector<std::pair<QString, QString>> kv;
    kv.push_back({QStringLiteral("Label"), u(ex.tag.label.name) + QStringLiteral(" — ") + u(ex.tag.label.description)});
    kv.push_back({QStringLiteral("Tagged by"), displaySafe(ex.tag.author, 80) + QStringLiteral(", ") + iso(ex.tag.createdAtUs) +
                                                   QStringLiteral(" UTC")});
    if (!ex.tag.note.empty()) kv.push_back({QStringLiteral("Investigator's note"), displaySafe(ex.tag.note, 600)});
    for (const auto& n : ex.tag.notes)
        kv.push_back({QStringLiteral("Note (") + displaySafe(n.author, 40) + QLatin1Char(')'), displaySafe(n.note, 600)});
    kv.push_back({QStringLiteral("Records cited"), count(static_cast<int64_t>(ex.records.size())) +
                                                       QStringLiteral(" (evidence/") + u(ex.number) + QStringLiteral(".csv)")});
    if (!ex.records.empty()) {
        kv.push_back({QStringLiteral("Tokens in / out"), count(ex.inputTokens) + QStringLiteral(" / ") + count(ex.outputTokens)});
        kv.push_back({QStringLiteral("First / last record"), iso(ex.firstUs) + QStringLiteral("  to  ") + iso(ex.lastUs)});
    }
    if (ex.tag.target.kind == TargetKind::Cluster) {
        kv.push_back({QStringLiteral("Cluster score"), QString::number(ex.clusterScore, 'f', 2)});
        if (!ex.clusterReasons.empty()) kv.push_back({QStringLiteral("Why linked"), displaySafe(ex.clusterReasons, 800)});
        kv.push_back({QStringLiteral("Members"), count(static_cast<int64_t>(ex.findings.size()))});
    } else if (ex.findings.size() == 1) {
        const auto& f = ex.findings.front();
        if (f.scored) {
            kv.push_back({QStringLiteral("Risk score"), QString::number(f.score, 'f', 2) +
                                                            (f.flagged ? QStringLiteral("  (flagged)") : QStringLiteral("  (not flagged)"))});
            if (f.onsetUs) kv.push_back({QStringLiteral("Onset"), iso(*f.onsetUs) + QStringLiteral(" UTC")});
        } else {
            kv.push_back({QStringLiteral("Risk score"), QStringLiteral("not analysed at this level")});
        }
        kv.push_back({QStringLiteral("All activity of entity"),
                      count(f.requests) + QStringLiteral(" requests, ") + count(f.inputTokens) + QStringLiteral(" in / ") +
                          count(f.outputTokens) + QStringLiteral(" out tokens")});
    }
    c.keyValues(kv);
    if (!svg.empty()) {
        QSvgRenderer r(QByteArray::fromStdString(svg));
        c.svg(r, static_cast<double>(evidence::kChartHeight) / evidence::kChartWidth);
        c.paragraph(QStringLiteral("Figure: timeline of ") + u(ex.number) + QStringLiteral(" from hourly rollups (charts/") +
                        u(ex.number) + QStringLiteral(".svg). Times in UTC."),
                    true);
    }
    if (ex.tag.target.kind != TargetKind::Cluster && ex.findings.size() == 1) {
        const auto& f = ex.findings.front();
        if (!f.reasons.empty()) {
            QStringList items;
            for (const auto& r : f.reasons) items << displaySafe(r, 400);
            c.paragraph(QStringLiteral("Reasons given by the detector:"));
            c.bullets(items);
        }
        if (!f.features.empty()) {
            std::vector<QStringList> rows;
            for (size_t i = 0; i < f.features.size() && i < 10; ++i) {
                const auto& fl = f.features[i];
                auto n = [](const std::optional<double>& v) { return v ? QString::number(*v, 'g', 4) : QStringLiteral("—"); };
                rows.push_back({displaySafe(fl.feature, 40), n(fl.value), n(fl.baseline), n(fl.robustZ),
                                QString::number(fl.contribution, 'f', 3), displaySafe(fl.sentence, 300)});
            }
            c.table({{QStringLiteral("Feature"), 0.17}, {QStringLiteral("Value"), 0.09, true}, {QStringLiteral("Peer median"), 0.1, true},
                     {QStringLiteral("Robust z"), 0.09, true}, {QStringLiteral("Weight"), 0.08, true}, {QStringLiteral("Explanation"), 0.47}},
                    rows);
        }
    }
    if (ex.tag.target.kind == TargetKind::Cluster && !ex.findings.empty()) {
        std::vector<QStringList> rows;
        for (const auto& f : ex.findings)
            rows.push_back({displaySafe(f.entity, 60), f.scored ? QString::number(f.score, 'f', 2) : QStringLiteral("—"),
                            count(f.requests), count(f.outputTokens),
                            f.reasons.empty() ? QString() : displaySafe(f.reasons.front(), 200)});
        c.table({{QStringLiteral("Member"), 0.22}, {QStringLiteral("Score"), 0.08, true}, {QStringLiteral("Requests"), 0.11, true},
                 {QStringLiteral("Output tokens"), 0.15, true}, {QStringLiteral("Top reason"), 0.44}},
                rows);
    }
}

} // namespace

QString displaySafe(const std::string& text, int maxChars) {
    const QString in = u(text);
    QString out;
    int shown = 0;
    for (const QChar ch : in) {
        if (shown >= maxChars) {
            out += QStringLiteral("… [%1 more characters]").arg(in.size() - shown);
            break;
        }
        const char16_t c = ch.unicode();
        if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
                 c == 0x061c || (c >= 0x200b && c <= 0x200d) || c == 0xfeff)
            out += QStringLiteral("<U+") + QString::number(static_cast<int>(c), 16).toUpper().rightJustified(4, QLatin1Char('0')) + QLatin1Char('>');
        else out += ch;
        ++shown;
    }
    return out;
}

namespace {

void titleBlock(PdfComposer& c, const evidence::ReportInput& in, const evidence::EvidenceSet& ev) {
    int64_t records = 0;
    for (const auto& ex : ev.exhibits) records += static_cast<int64_t>(ex.records.size());
    c.title(QStringLiteral("Evidence Report"), QStringLiteral("Investigation of LLM API usage for bulk output extraction (distillation)"));
    c.keyValues({
        {QStringLiteral("Case"), displaySafe(in.caseName, 200)},
        {QStringLiteral("Examiner"), displaySafe(in.examiner, 120)},
        {QStringLiteral("Prepared with"), QStringLiteral("Siphon ") + u(in.toolVersion)},
        {QStringLiteral("Report date"), iso(in.exportTimeUs) + QStringLiteral(" UTC")},
        {QStringLiteral("Time zone"), QStringLiteral("All times in this report and bundle are Coordinated Universal Time (UTC).")},
        {QStringLiteral("Exhibits"), QStringLiteral("%1 exhibits citing %2 records").arg(ev.exhibits.size()).arg(count(records))},
        {QStringLiteral("Redaction"), in.redacted ? QStringLiteral("Prompt and response text withheld; replaced by salted SHA-256 commitments.")
                                                  : QStringLiteral("None: prompts and responses are reproduced as logged.")},
        {QStringLiteral("Audit log"), QStringLiteral("%1 entries; head hash %2").arg(in.auditEntries).arg(u(in.auditHeadHash))},
    });
}

void exhibitSummary(PdfComposer& c, const evidence::EvidenceSet& ev) {
    c.heading(QStringLiteral("1. Summary of exhibits"));
    {
        std::vector<QStringList> rows;
        for (const auto& ex : ev.exhibits)
            rows.push_back({u(ex.number), u(ex.tag.label.name), targetText(ex.tag.target),
                            count(static_cast<int64_t>(ex.records.size())), count(ex.outputTokens),
                            displaySafe(ex.tag.author, 40)});
        if (rows.empty()) c.paragraph(QStringLiteral("No items were tagged in this case; the bundle contains no exhibits."), true);
        else
            c.table({{QStringLiteral("Exhibit"), 0.1}, {QStringLiteral("Label"), 0.17}, {QStringLiteral("Target"), 0.37},
                     {QStringLiteral("Records"), 0.09, true}, {QStringLiteral("Output tokens"), 0.14, true},
                     {QStringLiteral("Tagged by"), 0.13}},
                    rows);
    }
}

void sourcesAndMethod(PdfComposer& c, const evidence::ReportInput& in, const evidence::EvidenceSet& ev) {
    c.heading(QStringLiteral("2. Sources and method"));
    c.paragraph(QStringLiteral(
        "The log files below were imported into a Siphon case file. Each file was hashed (SHA-256) on import; every "
        "record keeps the file, line number and byte offset it came from, and its original bytes. Records that "
        "could not be parsed were kept aside and counted, not dropped."));
    {
        std::vector<QStringList> rows;
        for (const auto& s : in.sources)
            rows.push_back({displaySafe(s.path, 120), u(s.format), count(s.records), count(s.rejects), u(s.sha256)});
        c.table({{QStringLiteral("Source file"), 0.25}, {QStringLiteral("Format"), 0.12}, {QStringLiteral("Records"), 0.09, true},
                 {QStringLiteral("Rejects"), 0.08, true}, {QStringLiteral("SHA-256"), 0.46, false, true}},
                rows);
    }
    if (ev.analysis.present) {
        c.paragraph(QStringLiteral(
            "Each entity was scored by an explainable detector: named features (volume, output share, prompt-template "
            "repetition, timing regularity, shared infrastructure) compared against the population's own baseline "
            "with robust z-scores. Scores range from 0 to 1; the reasons below are the detector's own sentences."));
        c.keyValues({{QStringLiteral("Detector configuration"), u(ev.analysis.configVersion)},
                     {QStringLiteral("Analysis run"),
                      QStringLiteral("#%1 at level %2, results recorded %3 UTC, %4 entities, %5 requests")
                          .arg(ev.analysis.runId)
                          .arg(u(ev.analysis.level))
                          .arg(iso(ev.analysis.recordedAtUs))
                          .arg(count(ev.analysis.entities))
                          .arg(count(ev.analysis.requests))}});
        // Warehouse mode: entities the case holds no records of were scored from an extract.
        if (!ev.analysis.warehouseExtract.empty())
            c.keyValues({{QStringLiteral("Warehouse extract"), displaySafe(ev.analysis.warehouseExtract, 600)}});
    } else {
        c.paragraph(QStringLiteral("No analysis run is recorded in this case: the findings below rest on the tagged "
                                   "records and their counts only, without detector scores."),
                    true);
    }
}

void findings(PdfComposer& c, const evidence::ReportInput& in, const evidence::EvidenceSet& ev) {
    c.heading(QStringLiteral("3. Findings"));
    for (size_t i = 0; i < ev.exhibits.size(); ++i)
        findingSection(c, ev.exhibits[i], i < in.chartSvgs.size() ? in.chartSvgs[i] : std::string());

}

void evidenceTable(PdfComposer& c, const evidence::ReportInput& in, const evidence::EvidenceSet& ev) {
    c.heading(QStringLiteral("4. Evidence table"));
    c.paragraph(QStringLiteral("Each record is cited as EXHIBIT/RECORD and traced to its source file and line. The complete "
                               "records, with their original bytes, are in evidence/EX-NNN.csv and .jsonl."));
    for (const auto& ex : ev.exhibits) {
        if (ex.records.empty()) continue;
        c.subheading(u(ex.number) + QStringLiteral(" — ") + targetText(ex.tag.target), labelColour(ex));
        std::vector<QStringList> rows;
        const size_t cap = static_cast<size_t>(std::max(in.maxTableRowsPerExhibit, 1));
        for (size_t i = 0; i < ex.records.size() && i < cap; ++i) {
            const auto& r = ex.records[i];
            const std::string who = !r.orgId.empty() ? r.orgId : !r.apiKeyId.empty() ? r.apiKeyId : r.sourceIp;
            auto tok = [](const std::optional<int64_t>& v) { return v ? QString::number(*v) : QStringLiteral("—"); };
            rows.push_back({u(ex.number) + QLatin1Char('/') + QString::number(r.recordNo), iso(r.tsUs), displaySafe(who, 40),
                            displaySafe(r.model, 40), tok(r.inputTokens) + QStringLiteral(" / ") + tok(r.outputTokens),
                            displaySafe(r.sourceName, 60) + QLatin1Char(':') + QString::number(r.line),
                            displaySafe(r.prompt, in.redacted ? 30 : 90)});
        }
        c.table({{QStringLiteral("Citation"), 0.11}, {QStringLiteral("Time (UTC)"), 0.18}, {QStringLiteral("Entity"), 0.1},
                 {QStringLiteral("Model"), 0.09}, {QStringLiteral("Tokens in / out"), 0.1, true},
                 {QStringLiteral("Source : line"), 0.16}, {in.redacted ? QStringLiteral("Prompt commitment") : QStringLiteral("Prompt (excerpt, as logged)"), 0.255}},
                rows);
        if (ex.records.size() > cap)
            c.paragraph(QStringLiteral("Showing the first %1 of %2 records; all %2 are in evidence/%3.csv.")
                            .arg(cap)
                            .arg(ex.records.size())
                            .arg(u(ex.number)),
                        true);
    }
}

void limitationsAndIntegrity(PdfComposer& c) {
    c.heading(QStringLiteral("5. Limitations"));
    c.bullets({
        QStringLiteral("The findings rest on the logs listed in section 2 only. Activity absent from those logs (other gateways, "
                       "regions, retention gaps) is not reflected."),
        QStringLiteral("Entity identifiers (accounts, keys, IP addresses) are as logged; they show which credentials and "
                       "addresses were used, not which natural person used them. IP addresses may be shared or masked."),
        QStringLiteral("Detector scores are statistical indicators relative to this case's population, not proof of intent. "
                       "Each reason should be weighed with the records it cites."),
        QStringLiteral("Prompt and response text, where shown, was written by the party under investigation and is reproduced "
                       "literally; control and direction-changing characters are shown as <U+XXXX> or control pictures."),
        QStringLiteral("Timestamps are as recorded by the logging systems, converted to UTC; clock skew between systems "
                       "is not corrected."),
        QStringLiteral("This report was generated by software. It should be reviewed by a qualified person, who may complete "
                       "the draft certification (certification_draft.txt) included in the bundle."),
    });
    c.heading(QStringLiteral("6. Integrity and verification"));
    c.paragraph(QStringLiteral(
        "Every file of the evidence bundle is listed with its SHA-256 in SHA256SUMS and manifest.json. An opposing "
        "expert can check them with standard tools (`sha256sum -c SHA256SUMS`; `openssl pkeyutl -verify` for a "
        "signed bundle). The audit log (audit_log.jsonl) is a hash chain: each entry's hash covers its content and the "
        "previous entry's hash, so any later change to an entry is detectable."));
}

// Earlier productions of this case (from the audit chain) and any gap or overlap in their Bates numbers.
void productions(PdfComposer& c, const evidence::ReportInput& in) {
    if (in.productions.empty()) return;
    c.subheading(QStringLiteral("Productions of this case"));
    QStringList items;
    for (const auto& p : in.productions) items << displaySafe(p, 160);
    c.bullets(items);
    if (in.batesProblems.empty()) {
        c.paragraph(QStringLiteral("Their Bates numbers follow one another without gap or overlap."));
        return;
    }
    QStringList problems;
    for (const auto& p : in.batesProblems) problems << displaySafe(p, 200);
    c.paragraph(QStringLiteral("Gaps and overlaps between them:"));
    c.bullets(problems);
}

// Lays the whole report out onto `sink`; returns the page count.
int composeReport(PageSink& sink, const evidence::ReportInput& in, const QString& batesPrefix, long long batesFirst) {
    PdfComposer c(sink, displaySafe(in.legend, 160), displaySafe(in.caseName, 80), batesPrefix, batesFirst,
                  QStringLiteral("Siphon ") + u(in.toolVersion) + QStringLiteral(" · exported ") + iso(in.exportTimeUs) +
                      QStringLiteral(" UTC"));
    const auto& ev = *in.evidence;
    titleBlock(c, in, ev);
    exhibitSummary(c, ev);
    sourcesAndMethod(c, in, ev);
    findings(c, in, ev);
    evidenceTable(c, in, ev);
    limitationsAndIntegrity(c);
    productions(c, in);
    c.finish();
    return c.pages();
}

} // namespace

Result<evidence::RenderedReport> renderReport(const evidence::ReportInput& in) {
    if (!in.evidence) return makeError(ErrorCode::Usage, "report without evidence");
    evidence::RenderedReport result;
    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setCreator(QStringLiteral("Siphon ") + u(in.toolVersion));
        writer.setTitle(QStringLiteral("Evidence report — ") + displaySafe(in.caseName, 120));
        PdfPageSink sink(writer);
        result.pages = composeReport(sink, in, displaySafe(in.batesPrefix, 24), in.batesFirst);
    }
    pinCreationDate(pdf, in.exportTimeUs);
    result.pdf = pdf.toStdString();
    for (const auto& svg : in.chartSvgs) result.chartPngs.push_back(svg.empty() ? std::string() : pngFromSvg(svg));
    return result;
}

Result<std::vector<std::string>> renderReportPageImages(const evidence::ReportInput& in, const std::string& batesPrefix,
                                                        long long batesFirst, int dpi) {
    if (!in.evidence) return makeError(ErrorCode::Usage, "report without evidence");
    ImagePageSink sink(dpi);
    composeReport(sink, in, QString::fromStdString(batesPrefix), batesFirst);
    std::vector<std::string> pngs;
    for (const QImage& page : sink.pages()) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!page.save(&buffer, "PNG")) return makeError(ErrorCode::Io, "cannot encode a report page as PNG");
        pngs.push_back(bytes.toStdString());
    }
    return pngs;
}

} // namespace siphon::ui::report
