#pragma once
// The evidence-bundle export dialog: case name, examiner, Bates prefix, redaction, signing key and
// output file; runs the export on the case's writer thread with a busy indicator, then offers to
// open the report (a copy of the bundle's report.pdf, in the system viewer) and the bundle's folder.
// Thread: GUI only.
#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace siphon::ui {

class CaseSession;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(CaseSession* session, const QString& casePath, QWidget* parent = nullptr);

    // For tests: fills the output path and starts at once.
    void startExport();
    QString outputPath() const;
    QString statusText() const;
    bool busy() const { return busy_; }

Q_SIGNALS:
    void exportFinished(bool ok);

private:
    void browseOutput();
    void browseKey();
    void finished(bool ok, const QString& message, const QString& pdfCopy);

    CaseSession* session_;
    QLineEdit *caseName_, *examiner_, *bates_, *keyPath_, *output_;
    QCheckBox* redact_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton *export_, *openReport_, *openFolder_;
    QString pdfCopy_;
    bool busy_ = false;
};

} // namespace siphon::ui
