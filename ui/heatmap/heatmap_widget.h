#pragma once
// Paints an activity heatmap: hour of day (columns, UTC) × day (rows) or × weekday (hour-of-week).
// A bot running 24/7 fills every column evenly; a human shows a diurnal band and quiet nights.
// Input is hourly totals; binning happens here (cheap: one value per hour). Thread: GUI only.
#include "query/series_query.h"

#include <QWidget>

#include <array>

namespace siphon::ui {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    enum class Mode { HourOfWeek, DayByHour };
    explicit HeatmapWidget(QWidget* parent = nullptr);

    void setData(std::vector<query::HourCount> hours, const QString& title);
    void setMode(Mode mode);
    Mode mode() const { return mode_; }
    int rows() const { return static_cast<int>(grid_.size()); }
    double cell(int row, int hour) const;   // requests in that cell

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;

private:
    void rebuild();

    std::vector<query::HourCount> hours_;
    QString title_;
    Mode mode_ = Mode::HourOfWeek;
    std::vector<std::array<double, 24>> grid_;
    std::vector<QString> rowLabels_;
    double max_ = 0;
    QRectF gridRect_;
};

} // namespace siphon::ui
