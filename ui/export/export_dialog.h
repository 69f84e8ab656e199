#pragma once
// The evidence-bundle export dialog: case name, examiner, Bates prefix, redaction, signing key,
// output file, and optionally a production folder for review platforms (with its load-file
// encoding) and recipients' certificates to encrypt the bundle to; runs the export on the case's writer thread with a busy indicator, then offers to
// open the report (a copy of the bundle's report.pdf, in the system viewer) and the bundle's folder.
// Thread: GUI only.
#include <QDialog>

namespace siphon::evidence {
struct ExportOptions;
}

class QCheckBox;
class QComboBox;
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
    void setProductionFolder(const QString& dir);
    QString statusText() const;
    bool busy() const { return busy_; }

Q_SIGNALS:
    void exportFinished(bool ok);

private:
    void browseOutput();
    void browseKey();
    void browseProduction();
    void browseRecipients();
    void finished(bool ok, const QString& message, const QString& pdfCopy);
    // What the form says, without the report renderers (startExport adds them).
    void fillOptions(evidence::ExportOptions& opt) const;

    CaseSession* session_;
    QLineEdit *caseName_, *examiner_, *bates_, *keyPath_, *output_, *production_, *recipients_;
    QCheckBox* redact_;
    QComboBox* encoding_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton *export_, *openReport_, *openFolder_;
    QString pdfCopy_;
    bool busy_ = false;
};

} // namespace siphon::ui
