#include "network/network_view.h"

#include "network/graph_layout.h"
#include "session/case_session.h"
#include "util/format.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>
#include <map>

namespace siphon::ui {
namespace {

constexpr int kMaxNodes = 200;
constexpr int kNodeRole = 1;   // QGraphicsItem data key: node index

QColor edgeColour(const std::string& kind) {
    if (kind.find("ip") != std::string::npos || kind.find("24") != std::string::npos) return QColor(0x1e, 0x88, 0xe5);
    if (kind.find("template") != std::string::npos || kind.find("prompt") != std::string::npos) return QColor(0x8e, 0x24, 0xaa);
    if (kind.find("timing") != std::string::npos || kind.find("round") != std::string::npos) return QColor(0xfb, 0x8c, 0x00);
    if (kind.find("agent") != std::string::npos) return QColor(0x00, 0x89, 0x7b);
    return QColor(0x75, 0x75, 0x75);
}

} // namespace

NetworkView::NetworkView(CaseSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    scene_ = new QGraphicsScene(this);
    view_ = new QGraphicsView(scene_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setDragMode(QGraphicsView::ScrollHandDrag);
    view_->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    view_->viewport()->installEventFilter(this);
    summary_ = new QLabel(this);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    auto* hint = new QLabel(tr("Node size = output tokens · colour = score · edge colour: blue shared IP/network, "
                               "purple shared prompt template, orange coordinated timing, teal user agent · "
                               "hover an edge for its reason · click a node to select it · wheel zooms, drag pans"),
                            this);
    hint->setObjectName("mutedLabel");
    hint->setWordWrap(true);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addWidget(summary_);
    lay->addWidget(view_, 1);
    lay->addWidget(hint);
    connect(&session_->selection(), &Selection::entityChanged, this, &NetworkView::reload);
    connect(session_, &CaseSession::contentChanged, this, &NetworkView::reload);
}

void NetworkView::reload() {
    const uint64_t gen = ++gen_;
    const auto& sel = session_->selection();
    const auto cluster = sel.clusterId();
    if (!cluster) {
        graph_ = {};
        if (!sel.entity().isEmpty()) {
            graph_.nodes.push_back({sel.entity().toStdString(), 0, false, 0, 1});
            graph_.info.id = -1;
        }
        build();
        Q_EMIT loaded();
        return;
    }
    // Keep the current graph if the newly selected entity is in the same cluster.
    if (graph_.info.id == *cluster && !graph_.nodes.empty()) {
        build();
        Q_EMIT loaded();
        return;
    }
    const int64_t id = *cluster;
    session_->reader().submit<std::optional<query::ClusterGraph>>(
        this, "network", [id](store::Database& db) { return query::loadClusterGraph(db, id); },
        [this, gen](Result<std::optional<query::ClusterGraph>> r) {
            if (gen != gen_ || !r) return;
            graph_ = r->value_or(query::ClusterGraph{});
            build();
            Q_EMIT loaded();
        });
}

void NetworkView::build() {
    scene_->clear();
    const QString selected = session_->selection().entity();
    if (graph_.nodes.empty()) {
        summary_->setText(tr("Select an entity to see the accounts linked to it."));
        return;
    }
    if (graph_.info.id < 0) {
        summary_->setText(tr("%1 is not linked to other entities (no cluster).").arg(oneLine(selected.toStdString(), 60)));
    } else {
        summary_->setText(tr("Cluster C%1: %2 members, score %3%4, %5 requests, %6 output tokens. %7")
                              .arg(graph_.info.id)
                              .arg(graph_.info.size)
                              .arg(graph_.info.score, 0, 'f', 2)
                              .arg(graph_.info.flagged ? tr(" (flagged)") : QString())
                              .arg(formatCount(graph_.info.requests), formatCompact(double(graph_.info.outputTokens)),
                                   oneLine(graph_.info.reasons, 400)));
    }
    const int n = std::min(static_cast<int>(graph_.nodes.size()), kMaxNodes);
    std::map<std::string, int> indexOf;
    for (int i = 0; i < n; ++i) indexOf[graph_.nodes[static_cast<size_t>(i)].entity] = i;
    std::vector<std::pair<int, int>> pairs;
    for (const auto& e : graph_.edges) {
        auto a = indexOf.find(e.a), b = indexOf.find(e.b);
        if (a != indexOf.end() && b != indexOf.end()) pairs.emplace_back(a->second, b->second);
    }
    const double side = 260 + 60 * std::sqrt(double(n));
    const auto pos = forceLayout(n, pairs, QSizeF(side * 1.5, side));
    double maxVol = 1;
    for (int i = 0; i < n; ++i) maxVol = std::max(maxVol, double(graph_.nodes[static_cast<size_t>(i)].outputTokens));

    for (const auto& e : graph_.edges) {
        auto a = indexOf.find(e.a), b = indexOf.find(e.b);
        if (a == indexOf.end() || b == indexOf.end()) continue;
        QPen pen(edgeColour(e.kind));
        pen.setWidthF(1 + 3 * std::clamp(e.strength, 0.0, 1.0));
        auto* line = scene_->addLine(QLineF(pos[static_cast<size_t>(a->second)], pos[static_cast<size_t>(b->second)]), pen);
        line->setToolTip(plainToolTip(oneLine(e.kind, 40) + ": " + oneLine(e.reason, 300)));
        line->setZValue(0);
    }
    const QColor text = palette().color(QPalette::Text);
    for (int i = 0; i < n; ++i) {
        const auto& node = graph_.nodes[static_cast<size_t>(i)];
        const double r = 10 + 26 * std::sqrt(double(node.outputTokens) / maxVol);
        const QPointF c = pos[static_cast<size_t>(i)];
        const bool isSel = QString::fromStdString(node.entity) == selected;
        QPen pen(isSel ? palette().color(QPalette::Highlight) : QColor(0, 0, 0, 90));
        pen.setWidthF(isSel ? 4 : 1);
        auto* item = scene_->addEllipse(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), pen, scoreColour(node.score));
        item->setData(kNodeRole, i);
        item->setZValue(2);
        item->setCursor(Qt::PointingHandCursor);
        item->setToolTip(plainToolTip(tr("%1\nscore %2%3\n%4 requests, %5 output tokens")
                                          .arg(oneLine(node.entity, 80))
                                          .arg(node.score, 0, 'f', 2)
                                          .arg(node.flagged ? tr(" (flagged)") : QString())
                                          .arg(formatCount(node.requests), formatCount(node.outputTokens))));
        auto* label = scene_->addSimpleText(oneLine(node.entity, 22));
        label->setBrush(text);
        label->setPos(c.x() - label->boundingRect().width() / 2, c.y() + r + 2);
        label->setZValue(3);
    }
    scene_->setSceneRect(scene_->itemsBoundingRect().adjusted(-30, -30, 30, 30));
    fit();
}

void NetworkView::fit() {
    // Fit when the view has its real size; small graphs stay at natural size.
    view_->resetTransform();
    view_->fitInView(scene_->sceneRect(), Qt::KeepAspectRatio);
    if (view_->transform().m11() > 1.0) view_->resetTransform();
}

void NetworkView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    fit();
}

void NetworkView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    fit();
}

void NetworkView::clickNode(int i) {
    if (i < 0 || i >= nodeCount()) return;
    const auto cluster = graph_.info.id >= 0 ? std::optional<int64_t>(graph_.info.id) : std::nullopt;
    session_->selection().setEntity(QString::fromStdString(graph_.nodes[static_cast<size_t>(i)].entity), cluster);
}

bool NetworkView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport()) {
        if (event->type() == QEvent::Wheel) {
            auto* w = static_cast<QWheelEvent*>(event);
            const double f = w->angleDelta().y() > 0 ? 1.2 : 1 / 1.2;
            view_->scale(f, f);
            return true;
        }
        if (event->type() == QEvent::MouseButtonRelease) {
            auto* m = static_cast<QMouseEvent*>(event);
            if (auto* item = view_->itemAt(m->position().toPoint()); item && item->data(kNodeRole).isValid())
                clickNode(item->data(kNodeRole).toInt());
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace siphon::ui
