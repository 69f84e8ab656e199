#include "timeline/timeline_chart.h"

#include <QChart>
#include <QGraphicsRectItem>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

namespace siphon::ui {

TimelineChart::TimelineChart(QWidget* parent) : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::NoRubberBand);   // our own: it selects time, it does not zoom
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

void TimelineChart::setVisibleSpan(double fromMs, double toMs) {
    fromMs_ = fromMs;
    toMs_ = std::max(toMs, fromMs + 1);
}

double TimelineChart::msAt(qreal x) const {
    const QRectF plot = chart()->plotArea();
    const QPointF scene = mapToScene(QPoint(static_cast<int>(x), 0));
    const QPointF inChart = chart()->mapFromScene(scene);
    const double t = plot.width() > 0 ? (inChart.x() - plot.left()) / plot.width() : 0;
    return fromMs_ + std::clamp(t, 0.0, 1.0) * (toMs_ - fromMs_);
}

void TimelineChart::wheelEvent(QWheelEvent* e) {
    const double factor = e->angleDelta().y() > 0 ? 0.8 : 1.25;
    Q_EMIT zoomRequested(msAt(e->position().x()), factor);
    e->accept();
}

void TimelineChart::mousePressEvent(QMouseEvent* e) {
    dragStart_ = e->position();
    lastX_ = e->position().x();
    const bool pan = e->button() == Qt::RightButton || e->button() == Qt::MiddleButton ||
                     (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
    if (pan) {
        drag_ = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    } else if (e->button() == Qt::LeftButton) {
        drag_ = Drag::Select;
        if (!band_) {
            band_ = new QGraphicsRectItem;
            band_->setBrush(QColor(33, 150, 243, 50));
            band_->setPen(QPen(QColor(33, 150, 243), 1));
            band_->setZValue(100);
            scene()->addItem(band_);
        }
        band_->hide();
    }
    e->accept();
}

void TimelineChart::mouseMoveEvent(QMouseEvent* e) {
    if (drag_ == Drag::Pan) {
        const qreal dx = e->position().x() - lastX_;
        lastX_ = e->position().x();
        const QRectF plot = chart()->plotArea();
        if (plot.width() > 0) Q_EMIT panRequested(-dx / plot.width() * (toMs_ - fromMs_));
    } else if (drag_ == Drag::Select && band_) {
        const QRectF plot = chart()->plotArea();
        const QPointF a = chart()->mapFromScene(mapToScene(dragStart_.toPoint()));
        const QPointF b = chart()->mapFromScene(mapToScene(e->position().toPoint()));
        const qreal l = std::clamp(std::min(a.x(), b.x()), plot.left(), plot.right());
        const qreal r = std::clamp(std::max(a.x(), b.x()), plot.left(), plot.right());
        band_->setRect(chart()->mapRectToScene(QRectF(l, plot.top(), r - l, plot.height())));
        band_->show();
    }
    e->accept();
}

void TimelineChart::mouseReleaseEvent(QMouseEvent* e) {
    if (drag_ == Drag::Select) {
        if (band_) band_->hide();
        const qreal dx = std::abs(e->position().x() - dragStart_.x());
        if (dx >= 4) {
            const double a = msAt(dragStart_.x()), b = msAt(e->position().x());
            Q_EMIT rangeSelected(std::min(a, b), std::max(a, b));
        } else {
            Q_EMIT selectionCleared();
        }
    }
    drag_ = Drag::None;
    unsetCursor();
    e->accept();
}

void TimelineChart::keyPressEvent(QKeyEvent* e) {
    const double span = toMs_ - fromMs_, centre = (fromMs_ + toMs_) / 2;
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: Q_EMIT zoomRequested(centre, 0.8); break;
    case Qt::Key_Minus: Q_EMIT zoomRequested(centre, 1.25); break;
    case Qt::Key_Left: Q_EMIT panRequested(-span * 0.1); break;
    case Qt::Key_Right: Q_EMIT panRequested(span * 0.1); break;
    case Qt::Key_Home:
    case Qt::Key_0: Q_EMIT resetRequested(); break;
    case Qt::Key_Escape: Q_EMIT selectionCleared(); break;
    default: QChartView::keyPressEvent(e); return;
    }
    e->accept();
}

} // namespace siphon::ui
