#pragma once
// Tag panel: tag the current entity or cluster, list every tag (double-click navigates to its
// target), remove (untag, with the reason kept) and undo the last tag. Uses the evidence tag
// API through TagStore. Thread: GUI only.
#include <QWidget>

class QTableView;
class QCheckBox;
class QPushButton;

namespace siphon::ui {

class CaseSession;
class TagStore;
class TagListModel;

class TagPanel : public QWidget {
    Q_OBJECT
public:
    TagPanel(CaseSession* session, TagStore* tags, QWidget* parent = nullptr);
    TagListModel* model() const { return model_; }
    void tagCurrentEntity();
    void tagCurrentCluster();

Q_SIGNALS:
    void navigateToRange();

private:
    void navigate(int row);
    void removeSelected();
    void updateButtons();

    CaseSession* session_;
    TagStore* tags_;
    TagListModel* model_;
    QTableView* table_;
    QPushButton* tagEntity_;
    QPushButton* tagCluster_;
    QPushButton* remove_;
    QPushButton* undo_;
};

} // namespace siphon::ui
