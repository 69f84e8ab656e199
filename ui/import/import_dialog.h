#pragma once
// Import dialog: pick files or folders, choose a format per file (auto-detect by default), run
// the import on the writer worker with a progress bar (bytes, records, rate, ETA) and Cancel,
// then a summary per file (detected format, imported / duplicate / rejected) and the rejects
// with file, line and reason; below them every problem (skipped paths, failed or incomplete files,
// reused record ids: import/import_problems.h). Thread: GUI only; importFiles runs on the writer worker.
#include "ingest/import_types.h"

#include <QDialog>
#include <QElapsedTimer>

#include <atomic>
#include <memory>

class QTableWidget;
class QProgressBar;
class QComboBox;
class QLabel;
class QPushButton;
class QPlainTextEdit;

namespace siphon::ui {

class CaseSession;
class FormatDetector;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(CaseSession* session, QWidget* parent = nullptr);
    ~ImportDialog() override;
    void addPaths(const QStringList& paths);
    void start();                 // also used by drag-and-drop and tests
    bool running() const { return running_; }
    QTableWidget* rejects() const { return rejects_; }
    QTableWidget* files() const { return files_; }
    QPlainTextEdit* problems() const { return problems_; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void addFiles();
    void detectInBackground(int row, const QString& path);
    void showDetected(int row, const QString& title);
    void addFolder();
    void onProgress(qint64 bytes, qint64 total, qint64 records, int fileIndex, int fileCount);
    void loadRejects(std::vector<int64_t> sourceIds);
    void showResult(const Result<ingest::ImportSummary>& r);
    void showFileResults(const ingest::ImportSummary& summary);
    void showProblems(const ingest::ImportSummary& summary);

    CaseSession* session_;
    QTableWidget* files_;
    QProgressBar* progress_;
    QLabel* progressText_;
    QLabel* summary_;
    QTableWidget* rejects_;
    QPlainTextEdit* problems_;
    QPushButton* importBtn_;
    QPushButton* cancelBtn_;
    FormatDetector* detector_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QElapsedTimer clock_;
    bool running_ = false;
};

} // namespace siphon::ui
