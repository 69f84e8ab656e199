#pragma once
// The linked-accounts graph of the selected entity's cluster: nodes sized by volume (output
// tokens) and coloured by score, edges coloured by kind with their reasons as tooltips.
// Wheel zooms, drag pans, clicking a node selects that entity everywhere. Thread: GUI only.
#include "query/cluster_query.h"

#include <QWidget>

class QGraphicsView;
class QGraphicsScene;
class QLabel;

namespace siphon::ui {

class CaseSession;

class NetworkView : public QWidget {
    Q_OBJECT
public:
    explicit NetworkView(CaseSession* session, QWidget* parent = nullptr);
    int nodeCount() const { return static_cast<int>(graph_.nodes.size()); }
    // Selects the entity of node i, as a click would.
    void clickNode(int i);

Q_SIGNALS:
    void loaded();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    void reload();
    void build();
    void fit();

    CaseSession* session_;
    QGraphicsView* view_;
    QGraphicsScene* scene_;
    QLabel* summary_;
    query::ClusterGraph graph_;
    uint64_t gen_ = 0;
};

} // namespace siphon::ui
