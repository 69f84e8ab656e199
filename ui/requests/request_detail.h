#pragma once
// Detail of one request: prompt, response, every field, and the exact original source record
// with its file, SHA-256, line and offset. All text shown as plain text (never rich text), capped.
// Thread: GUI only; loads on the reader worker.
#include <QWidget>

class QPlainTextEdit;
class QLabel;
class QTabWidget;

namespace siphon::ui {

class CaseSession;

class RequestDetail : public QWidget {
    Q_OBJECT
public:
    explicit RequestDetail(CaseSession* session, QWidget* parent = nullptr);
    void showRequest(int64_t requestId);
    void clear();
    QString promptText() const;
    QString sourceText() const;

Q_SIGNALS:
    void loaded(int64_t requestId);

private:
    CaseSession* session_;
    QLabel* title_;
    QTabWidget* tabs_;
    QPlainTextEdit* prompt_;
    QPlainTextEdit* response_;
    QPlainTextEdit* fields_;
    QPlainTextEdit* source_;
    void fillTab(int index);
    QString texts_[4];          // prompt, response, fields, source: filled into a tab when it is shown
    bool filled_[4] = {};
    uint64_t gen_ = 0;
};

} // namespace siphon::ui
