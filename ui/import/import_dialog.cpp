#include "import/import_dialog.h"

#include "import/format_detector.h"
#include "import/import_problems.h"

#include "ingest/format_reader.h"
#include "ingest/importer.h"
#include "query/reject_query.h"
#include "session/case_session.h"
#include "util/format.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace siphon::ui {

ImportDialog::ImportDialog(CaseSession* session, QWidget* parent) : QDialog(parent), session_(session) {
    setWindowTitle(tr("Import logs"));
    resize(900, 620);
    files_ = new QTableWidget(0, 4, this);
    files_->setHorizontalHeaderLabels({tr("File"), tr("Size"), tr("Format"), tr("Result")});
    files_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    files_->setColumnWidth(1, 80);
    files_->setColumnWidth(2, 200);
    files_->setColumnWidth(3, 260);
    files_->verticalHeader()->hide();
    auto* addFilesBtn = new QPushButton(QIcon(":/icons/import.svg"), tr("Add files…"), this);
    auto* addFolderBtn = new QPushButton(tr("Add folder…"), this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progressText_ = new QLabel(tr("Add log files or folders, check the formats, then Import."), this);
    progressText_->setTextFormat(Qt::PlainText);   // error messages name files
    summary_ = new QLabel(this);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    rejects_ = new QTableWidget(0, 4, this);
    rejects_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Reason"), tr("Record (start)")});
    rejects_->horizontalHeader()->setStretchLastSection(true);
    rejects_->setColumnWidth(2, 260);
    rejects_->verticalHeader()->hide();
    rejects_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    rejects_->hide();
    problems_ = new QPlainTextEdit(this);   // plain text: paths and reasons come from the disk and logs
    problems_->setReadOnly(true);
    problems_->setObjectName(QStringLiteral("importProblems"));
    problems_->hide();
    importBtn_ = new QPushButton(tr("Import"), this);
    importBtn_->setDefault(true);
    cancelBtn_ = new QPushButton(tr("Cancel import"), this);
    cancelBtn_->setEnabled(false);
    auto* close = new QPushButton(tr("Close"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(addFilesBtn);
    top->addWidget(addFolderBtn);
    top->addStretch(1);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(importBtn_);
    bottom->addWidget(cancelBtn_);
    bottom->addWidget(close);
    auto* lay = new QVBoxLayout(this);
    lay->addLayout(top);
    lay->addWidget(files_, 2);
    lay->addWidget(progress_);
    lay->addWidget(progressText_);
    lay->addWidget(summary_);
    lay->addWidget(rejects_, 2);
    lay->addWidget(problems_, 1);
    lay->addLayout(bottom);

    connect(addFilesBtn, &QPushButton::clicked, this, &ImportDialog::addFiles);
    connect(addFolderBtn, &QPushButton::clicked, this, &ImportDialog::addFolder);
    connect(importBtn_, &QPushButton::clicked, this, &ImportDialog::start);
    connect(cancelBtn_, &QPushButton::clicked, this, [this] {
        if (cancel_) cancel_->store(true);
        progressText_->setText(tr("Cancelling after the current batch…"));
    });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    detector_ = new FormatDetector(this);
    connect(detector_, &FormatDetector::detected, this, &ImportDialog::showDetected);
}

// The import runs on the session's writer, which outlives this dialog: it stops at its next batch
// and keeps what was committed. The format detector is a child, joined when it is destroyed.
ImportDialog::~ImportDialog() {
    if (cancel_) cancel_->store(true);
}

void ImportDialog::addFiles() {
    addPaths(QFileDialog::getOpenFileNames(this, tr("Log files"), {},
                                           tr("Logs (*.json *.jsonl *.ndjson *.csv *.gz *.zst *.log);;All files (*)")));
}

void ImportDialog::addFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of logs"));
    if (!dir.isEmpty()) addPaths({dir});
}

void ImportDialog::addPaths(const QStringList& paths) {
    for (const auto& p : paths) {
        const QFileInfo fi(p);
        const int row = files_->rowCount();
        files_->insertRow(row);
        auto* name = new QTableWidgetItem(p);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        files_->setItem(row, 0, name);
        files_->setItem(row, 1, new QTableWidgetItem(fi.isDir() ? tr("folder") : formatCompact(double(fi.size())) + "B"));
        auto* format = new QComboBox(files_);
        format->addItem(tr("auto-detect"), QStringLiteral("auto"));
        for (const auto& r : ingest::makeAllReaders())
            format->addItem(QString::fromLatin1(r->title().data(), static_cast<qsizetype>(r->title().size())),
                            QString::fromLatin1(r->id().data(), static_cast<qsizetype>(r->id().size())));
        files_->setCellWidget(row, 2, format);
        files_->setItem(row, 3, new QTableWidgetItem(tr("waiting")));
        if (!fi.isDir()) detectInBackground(row, p);
    }
}

// The answer shows in the row's "auto-detect" entry, which stays overridable. The ticket is the
// row (rows are only ever appended).
void ImportDialog::detectInBackground(int row, const QString& path) {
    static_cast<QComboBox*>(files_->cellWidget(row, 2))->setItemText(0, tr("auto-detect: detecting…"));
    detector_->detect(row, path);
}

void ImportDialog::showDetected(int row, const QString& title) {
    auto* combo = row < files_->rowCount() ? static_cast<QComboBox*>(files_->cellWidget(row, 2)) : nullptr;
    if (!combo) return;
    combo->setItemText(0, title.isEmpty() ? tr("auto-detect: not recognised") : tr("auto-detect: %1").arg(title));
}

namespace {

// One importFiles call per chosen format, in file order.
using FormatGroups = std::vector<std::pair<std::string, std::vector<std::string>>>;

Result<ingest::ImportSummary> importGroups(store::Database& db, const FormatGroups& groups, const std::atomic<bool>* cancel,
                                           const std::function<void(const ingest::ImportProgress&)>& progress) {
    ingest::ImportSummary all;
    for (const auto& [fmt, paths] : groups) {
        ingest::ImportOptions o;
        o.format = fmt;
        o.cancel = cancel;
        log::PhaseLog phases(log::lcImport, "import as " + fmt);
        o.progress = [&progress, &phases](const ingest::ImportProgress& p) {
            phases.progress(log::filePhase(p.fileIndex, p.fileCount, p.path), p.records, 0);
            progress(p);
            return true;
        };
        auto r = ingest::importFiles(db, paths, o);
        if (!r) return r.error();
        for (auto& f : r->files) all.files.push_back(std::move(f));
        for (auto& k : r->skipped) all.skipped.push_back(std::move(k));
        if (r->cancelled) {
            all.cancelled = true;
            break;
        }
    }
    return all;
}

} // namespace

void ImportDialog::start() {
    if (running_ || files_->rowCount() == 0 || !session_->writable()) return;
    running_ = true;
    importBtn_->setEnabled(false);
    cancelBtn_->setEnabled(true);
    rejects_->hide();
    problems_->hide();
    summary_->clear();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    FormatGroups groups;
    for (int row = 0; row < files_->rowCount(); ++row) {
        const auto fmt = static_cast<QComboBox*>(files_->cellWidget(row, 2))->currentData().toString().toStdString();
        if (groups.empty() || groups.back().first != fmt) groups.push_back({fmt, {}});
        groups.back().second.push_back(files_->item(row, 0)->text().toStdString());
    }
    clock_.start();
    qCInfo(log::lcImport) << "import of" << files_->rowCount() << "path(s) in" << groups.size() << "format group(s)";
    QPointer<ImportDialog> self(this);
    auto progress = [self](const ingest::ImportProgress& p) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, p] {
                if (self) self->onProgress(qint64(p.allBytesRead), qint64(p.allBytesTotal), p.records, p.fileIndex, p.fileCount);
            },
            Qt::QueuedConnection);
    };
    session_->writer().submit<ingest::ImportSummary>(
        this, {},
        [groups, cancel = cancel_, progress](store::Database& db) { return importGroups(db, groups, cancel.get(), progress); },
        [this](Result<ingest::ImportSummary> r) { showResult(r); });
}

void ImportDialog::showResult(const Result<ingest::ImportSummary>& r) {
    running_ = false;
    cancelBtn_->setEnabled(false);
    importBtn_->setEnabled(true);
    qCInfo(log::lcImport) << "import finished after" << clock_.elapsed() << "ms:" << (r ? "ok" : r.error().describe().c_str());
    if (!r) {
        progressText_->setText(tr("Import failed: %1").arg(oneLine(r.error().describe(), 400)));
        Q_EMIT finished(false);
        return;
    }
    int64_t requests = 0, buckets = 0, dups = 0, rejects = 0;
    std::vector<int64_t> sources;
    for (const auto& f : r->files) {
        requests += f.requests;
        buckets += f.buckets;
        dups += f.duplicates;
        rejects += f.rejects;
        if (f.sourceId >= 0 && f.rejects > 0) sources.push_back(f.sourceId);
    }
    showFileResults(*r);
    showProblems(*r);
    progress_->setValue(1000);
    progressText_->setText(r->cancelled ? tr("Cancelled — what was committed is kept; import again to resume.")
                                        : tr("Done in %1 s.").arg(clock_.elapsed() / 1000.0, 0, 'f', 1));
    summary_->setText(tr("%1 requests and %2 usage buckets imported · %3 duplicates skipped · %4 records rejected")
                          .arg(formatCount(requests), formatCount(buckets), formatCount(dups), formatCount(rejects)));
    if (!sources.empty()) loadRejects(sources);
    session_->notifyContentChanged();
    Q_EMIT finished(!r->anyFailed());
}

// The Result column: each listed file's outcome, or for a folder how many files it held.
void ImportDialog::showFileResults(const ingest::ImportSummary& summary) {
    std::map<std::string, const ingest::FileImportResult*> byPath;
    for (const auto& f : summary.files) byPath[f.path] = &f;
    for (int row = 0; row < files_->rowCount(); ++row) {
        const auto path = files_->item(row, 0)->text().toStdString();
        QString text;
        if (auto it = byPath.find(path); it != byPath.end()) {
            const auto& f = *it->second;
            // An error may quote the file's first line: shown with its controls made visible.
            text = f.error ? tr("failed: %1").arg(oneLine(f.error->message, 300))
                 : f.alreadyImported ? tr("%1 — already imported").arg(QString::fromStdString(f.format))
                                     : tr("%1 — %2 imported, %3 dup, %4 rejected")
                                           .arg(QString::fromStdString(f.format), formatCount(f.requests + f.buckets),
                                                formatCount(f.duplicates), formatCount(f.rejects));
        } else {
            text = tr("%1 file(s) in folder").arg(std::count_if(summary.files.begin(), summary.files.end(), [&](const auto& f) {
                return f.path.rfind(path, 0) == 0;
            }));
        }
        files_->item(row, 3)->setText(text);
    }
}

void ImportDialog::showProblems(const ingest::ImportSummary& summary) {
    const QStringList lines = importProblems(summary);
    problems_->setPlainText(lines.isEmpty() ? QString() : tr("Not imported, or not completely:\n") + lines.join('\n'));
    problems_->setVisible(!lines.isEmpty());
}

void ImportDialog::onProgress(qint64 bytes, qint64 total, qint64 records, int fileIndex, int fileCount) {
    const double secs = std::max(clock_.elapsed() / 1000.0, 0.001);
    const double rate = double(bytes) / secs;
    progress_->setValue(total > 0 ? static_cast<int>(1000.0 * double(bytes) / double(total)) : 0);
    const double eta = rate > 0 ? double(total - bytes) / rate : 0;
    progressText_->setText(tr("File %1 of %2 · %3B of %4B · %5 records · %6B/s · about %7 s left")
                               .arg(fileIndex + 1)
                               .arg(fileCount)
                               .arg(formatCompact(double(bytes)), formatCompact(double(total)), formatCount(records),
                                    formatCompact(rate))
                               .arg(eta, 0, 'f', 0));
}

void ImportDialog::loadRejects(std::vector<int64_t> sourceIds) {
    session_->reader().submit<std::vector<query::RejectRow>>(
        this, {}, [sourceIds](store::Database& db) { return query::loadRejects(db, sourceIds, 5000); },
        [this](Result<std::vector<query::RejectRow>> r) {
            if (!r) return;
            rejects_->setRowCount(static_cast<int>(r->size()));
            int row = 0;
            for (const auto& j : *r) {
                rejects_->setItem(row, 0, new QTableWidgetItem(oneLine(j.file, 80)));
                rejects_->setItem(row, 1, new QTableWidgetItem(QString::number(j.line)));
                rejects_->setItem(row, 2, new QTableWidgetItem(oneLine(j.reason, 200)));
                rejects_->setItem(row, 3, new QTableWidgetItem(oneLine(j.rawPreview, 200)));
                ++row;
            }
            rejects_->show();
        });
}

} // namespace siphon::ui
