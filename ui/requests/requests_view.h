#pragma once
// Requests of the current selection (entity, its time range if one is selected, optionally the
// whole cluster), searchable by words in prompts (FTS5; the index is built on demand on the
// writer worker with progress), with a detail pane and "Tag all shown…" (bulk_tag_action.h). Index queries run on the slow reader and
// the newest one wins (older ones are interrupted). Thread: GUI only.
#include <QWidget>

class QLineEdit;
class QLabel;
class QCheckBox;
class QTableView;
class QPushButton;

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
    // Tags every request shown (one entity, its range, the search) as one audited bulk tag;
    // the status line says how many, or why not. "Tag all shown…" asks for the label first.
    void tagAllShown(const QString& label, const QString& note);

Q_SIGNALS:
    void indexLoaded(int rows);

private:
    void reload();
    void runIndexQuery();
    void ensureSearchIndexThenQuery();
    void updateBulkTagButton();

    CaseSession* session_;
    RequestTableModel* model_;
    RequestDetail* detail_;
    QLineEdit* search_;
    QCheckBox* wholeCluster_;
    QPushButton* tagAll_;
    QLabel* scope_;
    QLabel* status_;
    QTableView* table_;
    uint64_t gen_ = 0;
    bool levelIndexReady_[5] = {};
};

} // namespace siphon::ui
