#pragma once
// Examiner activity: the case's audit log as a table (who imported, analysed, tagged, untagged,
// noted, exported, produced or encrypted what, and when), filterable by author. Read-only; loads
// on the reader thread when a case opens or its content or tags change. Payloads may quote log
// content (file names, entity ids): shown as display-safe plain text.
#include <QWidget>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace siphon::ui {

class CaseSession;

class ExaminerActivityView : public QWidget {
    Q_OBJECT
public:
    explicit ExaminerActivityView(CaseSession* session, QWidget* parent = nullptr);
    ExaminerActivityView(const ExaminerActivityView&) = delete;
    ExaminerActivityView& operator=(const ExaminerActivityView&) = delete;

    int visibleRows() const;                   // after the author filter (tests)
    void setAuthorFilter(const QString& author);   // empty: everyone

Q_SIGNALS:
    void loaded();

private:
    void reload();
    void clear();
    void fillAuthors();

    CaseSession* session_;
    QLabel* summary_;
    QComboBox* author_;
    QStandardItemModel* model_;
    QSortFilterProxyModel* filter_;
    QTableView* table_;
};

} // namespace siphon::ui
