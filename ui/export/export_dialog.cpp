#include "export/export_dialog.h"

#include "evidence/bundle_export.h"
#include "report/report_renderer.h"
#include "session/case_session.h"
#include "session/db_worker.h"
#include "util/log.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHashSeed>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

#include <memory>

namespace siphon::ui {

namespace {

QWidget* withButton(QLineEdit* edit, QPushButton* button) {
    auto* row = new QWidget;
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(edit, 1);
    l->addWidget(button);
    return row;
}

// "Wrote …" with what else the export produced (production, encrypted copy).
QString summaryText(const QString& output, const evidence::ExportSummary& r) {
    QString text = QObject::tr("Wrote %1: %2 exhibits, %3 records, %4 report pages%5.\nSHA-256 %6")
                       .arg(output)
                       .arg(r.exhibits)
                       .arg(r.records)
                       .arg(r.reportPages)
                       .arg(r.signedBundle ? QObject::tr(", signed") : QString())
                       .arg(QString::fromStdString(r.bundleSha256));
    if (r.production)
        text += QObject::tr("\nProduction %1: %2 documents, Bates %3 to %4.")
                    .arg(QString::fromStdString(r.production->dir))
                    .arg(r.production->documents)
                    .arg(r.production->firstBates)
                    .arg(r.production->lastBates);
    if (!r.encryptedPath.empty())
        text += QObject::tr("\nEncrypted copy %1 for %2 recipient(s).")
                    .arg(QString::fromStdString(r.encryptedPath))
                    .arg(r.recipients.size());
    return text;
}

QString defaultExaminer() {
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("examiner") : user;
}

} // namespace

ExportDialog::ExportDialog(CaseSession* session, const QString& casePath, QWidget* parent)
    : QDialog(parent), session_(session) {
    setWindowTitle(tr("Export evidence bundle"));
    setMinimumWidth(560);
    const QFileInfo info(casePath);
    caseName_ = new QLineEdit(info.completeBaseName());
    examiner_ = new QLineEdit(defaultExaminer());
    bates_ = new QLineEdit(QStringLiteral("SIPHON"));
    bates_->setMaxLength(24);
    redact_ = new QCheckBox(tr("Withhold prompts and responses (salted SHA-256 commitments)"));
    keyPath_ = new QLineEdit;
    keyPath_->setPlaceholderText(tr("optional Ed25519 private key (PEM) to sign SHA256SUMS"));
    output_ = new QLineEdit(info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral("-bundle.zip")));
    production_ = new QLineEdit;
    production_->setPlaceholderText(tr("optional new folder: DAT/OPT load files, natives, text, page images"));
    encoding_ = new QComboBox;
    encoding_->addItem(tr("UTF-8 with BOM"));
    encoding_->addItem(tr("Windows-1252"));
    recipients_ = new QLineEdit;
    recipients_->setPlaceholderText(tr("optional recipients' X.509 certificates (PEM), separated by ;"));
    auto* browseKey = new QPushButton(tr("Browse…"));
    auto* browseOut = new QPushButton(tr("Browse…"));
    auto* browseProd = new QPushButton(tr("Browse…"));
    auto* browseCerts = new QPushButton(tr("Browse…"));
    connect(browseKey, &QPushButton::clicked, this, &ExportDialog::browseKey);
    connect(browseOut, &QPushButton::clicked, this, &ExportDialog::browseOutput);
    connect(browseProd, &QPushButton::clicked, this, &ExportDialog::browseProduction);
    connect(browseCerts, &QPushButton::clicked, this, &ExportDialog::browseRecipients);

    auto* form = new QFormLayout;
    form->addRow(tr("Case name"), caseName_);
    form->addRow(tr("Examiner"), examiner_);
    form->addRow(tr("Bates prefix"), bates_);
    form->addRow(tr("Redaction"), redact_);
    form->addRow(tr("Signing key"), withButton(keyPath_, browseKey));
    form->addRow(tr("Output"), withButton(output_, browseOut));
    form->addRow(tr("Production"), withButton(production_, browseProd));
    form->addRow(tr("Load-file encoding"), encoding_);
    form->addRow(tr("Encrypt to"), withButton(recipients_, browseCerts));

    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(false);
    status_ = new QLabel(tr("Exports every active tag with its records, charts, the audit log and hashes."));
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);   // paths and messages may contain anything

    export_ = new QPushButton(tr("Export"));
    export_->setDefault(true);
    openReport_ = new QPushButton(tr("Open report"));
    openFolder_ = new QPushButton(tr("Show folder"));
    openReport_->setEnabled(false);
    openFolder_->setEnabled(false);
    auto* close = new QPushButton(tr("Close"));
    connect(export_, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(openReport_, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(pdfCopy_)); });
    connect(openFolder_, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(output_->text()).absolutePath()));
    });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openReport_);
    buttons->addWidget(openFolder_);
    buttons->addStretch(1);
    buttons->addWidget(export_);
    buttons->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addLayout(buttons);
}

QString ExportDialog::outputPath() const { return output_->text(); }
QString ExportDialog::statusText() const { return status_->text(); }
void ExportDialog::setProductionFolder(const QString& dir) { production_->setText(dir); }

void ExportDialog::browseOutput() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Bundle file"), output_->text(), tr("ZIP (*.zip)"));
    if (!path.isEmpty()) output_->setText(path);
}

void ExportDialog::browseKey() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Ed25519 private key"), QString(), tr("PEM (*.pem)"));
    if (!path.isEmpty()) keyPath_->setText(path);
}

void ExportDialog::browseProduction() {
    const QString path = QFileDialog::getSaveFileName(this, tr("New production folder"), production_->text());
    if (!path.isEmpty()) production_->setText(path);
}

void ExportDialog::browseRecipients() {
    const QStringList paths =
        QFileDialog::getOpenFileNames(this, tr("Recipients' certificates"), QString(), tr("Certificates (*.pem *.crt *.cer)"));
    if (!paths.isEmpty()) recipients_->setText(paths.join(QLatin1Char(';')));
}

void ExportDialog::fillOptions(evidence::ExportOptions& opt) const {
    opt.outPath = output_->text().trimmed().toStdString();
    opt.caseName = caseName_->text().toStdString();
    opt.examiner = examiner_->text().toStdString();
    opt.batesPrefix = bates_->text().trimmed().toStdString();
    opt.redactPrompts = redact_->isChecked();
    if (!keyPath_->text().trimmed().isEmpty()) opt.signKeyPath = keyPath_->text().trimmed().toStdString();
    opt.productionDir = production_->text().trimmed().toStdString();
    opt.productionEncoding = encoding_->currentIndex() == 1 ? evidence::production::DatEncoding::Windows1252
                                                            : evidence::production::DatEncoding::Utf8Bom;
    for (const QString& cert : recipients_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!cert.trimmed().isEmpty()) opt.encryptTo.push_back(cert.trimmed().toStdString());
}

void ExportDialog::startExport() {
    if (busy_) return;
    if (output_->text().trimmed().isEmpty() || bates_->text().trimmed().isEmpty()) {
        status_->setText(tr("An output file and a Bates prefix are needed."));
        return;
    }
    evidence::ExportOptions opt;
    fillOptions(opt);
    // The report's copy for viewing is written beside the system temp files, never inside the bundle.
    const QString pdfCopy = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                                .filePath(QFileInfo(output_->text()).completeBaseName() + QStringLiteral("-report.pdf"));
    auto pdfBytes = std::make_shared<std::string>();
    opt.renderer = [pdfBytes](const evidence::ReportInput& in) -> Result<evidence::RenderedReport> {
        auto r = report::renderReport(in);
        if (r) *pdfBytes = r->pdf;
        return r;
    };
    opt.pageRenderer = [](const evidence::ReportInput& in, const std::string& prefix, int64_t first) {
        return report::renderReportPageImages(in, prefix, first);
    };
    // Qt writes the PDF's fonts in QHash order; a fixed seed keeps exports reproducible.
    QHashSeed::setDeterministicGlobalSeed();

    busy_ = true;
    export_->setEnabled(false);
    openReport_->setEnabled(false);
    openFolder_->setEnabled(false);
    progress_->setRange(0, 0);   // busy: the exporter reports no finer progress
    status_->setText(tr("Exporting…"));
    session_->writer().submit<evidence::ExportSummary>(
        this, "export", [opt](store::Database& db) { return evidence::exportBundle(db, opt); },
        [this, pdfBytes, pdfCopy](Result<evidence::ExportSummary> r) {
            if (!r) {
                qCWarning(log::lcEvidence) << "export failed:" << r.error().describe().c_str();
                finished(false, tr("Export failed: %1").arg(QString::fromStdString(r.error().describe())), {});
                return;
            }
            qCInfo(log::lcEvidence) << "exported" << output_->text() << "sha256" << r->bundleSha256.c_str();
            QString copy;
            QFile f(pdfCopy);
            if (!pdfBytes->empty() && f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                f.write(pdfBytes->data(), static_cast<qint64>(pdfBytes->size()));
                copy = pdfCopy;
            }
            finished(true, summaryText(output_->text(), *r), copy);
        });
}

void ExportDialog::finished(bool ok, const QString& message, const QString& pdfCopy) {
    busy_ = false;
    progress_->setRange(0, 1);
    progress_->setValue(ok ? 1 : 0);
    status_->setText(message);
    export_->setEnabled(true);
    pdfCopy_ = pdfCopy;
    openReport_->setEnabled(ok && !pdfCopy.isEmpty());
    openFolder_->setEnabled(ok);
    Q_EMIT exportFinished(ok);
}

} // namespace siphon::ui
