#pragma once
// Requests of the current selection (entity, its time range if one is selected, optionally the
// whole cluster), searchable by words in prompts (FTS5; the index is built on demand on the
// writer worker with progress), with a detail pane. Index queries run on the slow reader and
// the newest one wins (older ones are interrupted). Thread: GUI only.
#include <QWidget>

class QLineEdit;
class QLabel;
class QCheckBox;
class QTableView;

namespace siphon::ui {

class CaseSession;
class RequestTableModel;
class RequestDetail;

class RequestsView : public QWidget {
    Q_OBJECT
public:
    explicit RequestsView(CaseSession* session, QWidget* parent = nullptr);
    RequestTableModel* model() const { return model_; }
    RequestDetail* detail() const { return detail_; }
    QTableView* table() const { return table_; }
    void setSearch(const QString& text);   // runs the search (building the index if needed)
    void focusSearch();
    void selectRow(int row);

Q_SIGNALS:
    void indexLoaded(int rows);

private:
    void reload();
    void runIndexQuery();
    void ensureSearchIndexThenQuery();

    CaseSession* session_;
    RequestTableModel* model_;
    RequestDetail* detail_;
    QLineEdit* search_;
    QCheckBox* wholeCluster_;
    QLabel* scope_;
    QLabel* status_;
    QTableView* table_;
    uint64_t gen_ = 0;
    bool levelIndexReady_[5] = {};
};

} // namespace siphon::ui
