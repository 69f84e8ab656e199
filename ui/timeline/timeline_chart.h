#pragma once
// The timeline's chart view: maps pixels to time over the plot area and turns mouse and keys
// into intents — zoom (wheel, +/-), pan (right/middle drag, Shift+drag, arrows), reset (Home/0),
// rubber-band range selection (left drag; Esc clears). It draws no data; TimelineView does.
// Thread: GUI only.
#include <QChartView>

class QGraphicsRectItem;

namespace siphon::ui {

class TimelineChart : public QChartView {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget* parent = nullptr);

    // The time shown across the plot area, in ms since the epoch.
    void setVisibleSpan(double fromMs, double toMs);
    double fromMs() const { return fromMs_; }
    double toMs() const { return toMs_; }
    double msAt(qreal x) const;

Q_SIGNALS:
    void zoomRequested(double centreMs, double factor);   // factor < 1 zooms in
    void panRequested(double deltaMs);
    void resetRequested();
    void rangeSelected(double fromMs, double toMs);
    void selectionCleared();

protected:
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

private:
    double fromMs_ = 0, toMs_ = 1;
    enum class Drag { None, Pan, Select } drag_ = Drag::None;
    QPointF dragStart_;
    qreal lastX_ = 0;
    QGraphicsRectItem* band_ = nullptr;
};

} // namespace siphon::ui
