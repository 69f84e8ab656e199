#pragma once
// The accounts view: level selector, filter, flagged-only switch, the virtual entity table with
// score bars, and the selected entity's reasons and features in words. Selecting a row sets the
// shared Selection; a selection made elsewhere (network view) selects the row here. Above the
// table, a warning when the level's scores are missing or stale (accounts/score_status_text.h).
// Thread: GUI only.
#include <QWidget>

class QComboBox;
class QLineEdit;
class QCheckBox;
class QTableView;
class QLabel;
class QPlainTextEdit;
class QTimer;

namespace siphon::ui {

class CaseSession;
class TagStore;
class EntityTableModel;

class AccountsView : public QWidget {
    Q_OBJECT
public:
    AccountsView(CaseSession* session, TagStore* tags, QWidget* parent = nullptr);
    EntityTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QLabel* scoreStatus() const { return scoreStatus_; }
    // Selects the first row (the highest score under the default sort) when nothing is selected.
    void selectTopEntity();
    void focusFilter();

Q_SIGNALS:
    void indexLoaded(int rows);
    void scoreStatusShown(const QString& text);   // empty when the scores are current

private:
    void buildControls();
    void buildTable();
    void buildLayout();
    void connectSignals();
    void onCurrentRowChanged();
    void showReasons();
    void syncFromSelection();
    void refreshScoreStatus();

    CaseSession* session_;
    EntityTableModel* model_;
    QComboBox* level_;
    QLineEdit* filter_;
    QCheckBox* flaggedOnly_;
    QTableView* table_;
    QLabel* count_;
    QLabel* scoreStatus_;
    QLabel* reasonsTitle_;
    QPlainTextEdit* reasons_;
    QTimer* filterDebounce_;
    uint64_t reasonsGen_ = 0;
    bool syncing_ = false;
};

} // namespace siphon::ui
