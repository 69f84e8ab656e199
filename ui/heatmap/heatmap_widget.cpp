#include "heatmap/heatmap_widget.h"

#include "util/format.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QPainter>
#include <QTimeZone>
#include <QToolTip>

#include <cmath>

namespace siphon::ui {

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(400, 240);
}

void HeatmapWidget::setData(std::vector<query::HourCount> hours, const QString& title) {
    hours_ = std::move(hours);
    title_ = title;
    rebuild();
}

void HeatmapWidget::setMode(Mode mode) {
    mode_ = mode;
    rebuild();
}

double HeatmapWidget::cell(int row, int hour) const {
    if (row < 0 || row >= rows() || hour < 0 || hour >= 24) return 0;
    return grid_[static_cast<size_t>(row)][static_cast<size_t>(hour)];
}

void HeatmapWidget::rebuild() {
    grid_.clear();
    rowLabels_.clear();
    max_ = 0;
    if (mode_ == Mode::HourOfWeek) {
        grid_.assign(7, {});
        static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        for (auto* d : kDays) rowLabels_.push_back(tr(d));
        for (const auto& h : hours_) {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(h.hourUs / 1000, QTimeZone::utc());
            grid_[static_cast<size_t>(t.date().dayOfWeek() - 1)][static_cast<size_t>(t.time().hour())] +=
                static_cast<double>(h.requests);
        }
    } else if (!hours_.empty()) {
        const int64_t day0 = hours_.front().hourUs / query::kDayUs;
        const int64_t days = std::min<int64_t>(hours_.back().hourUs / query::kDayUs - day0 + 1, 400);
        grid_.assign(static_cast<size_t>(days), {});
        for (int64_t d = 0; d < days; ++d)
            rowLabels_.push_back(QDateTime::fromMSecsSinceEpoch((day0 + d) * query::kDayUs / 1000, QTimeZone::utc()).toString("MMM d"));
        for (const auto& h : hours_) {
            const int64_t d = h.hourUs / query::kDayUs - day0;
            if (d >= days) break;
            grid_[static_cast<size_t>(d)][static_cast<size_t>((h.hourUs % query::kDayUs) / query::kHourUs)] +=
                static_cast<double>(h.requests);
        }
    }
    for (const auto& row : grid_)
        for (double v : row) max_ = std::max(max_, v);
    update();
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    p.setPen(text);
    QFont titleFont = font();
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.drawText(QRect(10, 6, width() - 20, 22), Qt::AlignLeft | Qt::AlignVCenter,
               hours_.empty() ? tr("Select an entity to see when it is active") : title_);
    p.setFont(font());
    if (grid_.empty() || hours_.empty()) return;
    const QFontMetrics fm(font());
    const int labelW = fm.horizontalAdvance("Mmm 00") + 12;
    const int top = 34, legendH = 34;
    const int n = rows();
    const double cellW = (width() - labelW - 16) / 24.0;
    const double cellH = std::clamp((height() - top - 22 - legendH) / double(n), 2.0, 64.0);
    gridRect_ = QRectF(labelW, top + 18, cellW * 24, cellH * n);
    // Hour labels (UTC).
    for (int h = 0; h < 24; h += (cellW < 22 ? 3 : 1))
        p.drawText(QRectF(labelW + h * cellW, top, cellW * (cellW < 22 ? 3 : 1), 16), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(h).rightJustified(2, '0'));
    const QColor empty = palette().color(QPalette::AlternateBase);
    const QColor hot(0xc6, 0x28, 0x28), warm(0xff, 0xb3, 0x00), cool(0x90, 0xca, 0xf9);
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(fm.height() / cellH)));
    for (int r = 0; r < n; ++r) {
        if (r % labelEvery == 0)
            p.drawText(QRectF(4, gridRect_.top() + r * cellH, labelW - 8, std::max(cellH, double(fm.height()))),
                       Qt::AlignRight | Qt::AlignTop, rowLabels_[static_cast<size_t>(r)]);
        for (int h = 0; h < 24; ++h) {
            const double v = grid_[static_cast<size_t>(r)][static_cast<size_t>(h)];
            QColor c = empty;
            if (v > 0 && max_ > 0) {
                const double t = std::sqrt(v / max_);   // sqrt: quiet hours stay visible
                auto mix = [](QColor a, QColor b, double k) {
                    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * k), float(a.greenF() + (b.greenF() - a.greenF()) * k),
                                            float(a.blueF() + (b.blueF() - a.blueF()) * k));
                };
                c = t < 0.5 ? mix(cool, warm, t * 2) : mix(warm, hot, (t - 0.5) * 2);
            }
            const QRectF cellRect(gridRect_.left() + h * cellW, gridRect_.top() + r * cellH, cellW - 1, std::max(cellH - 1, 1.0));
            p.fillRect(cellRect, c);
        }
    }
    // Legend.
    const double ly = gridRect_.bottom() + 10;
    p.drawText(QRectF(labelW, ly, 400, 18), Qt::AlignLeft | Qt::AlignVCenter,
               tr("requests per hour (UTC): light = few, red = up to %1").arg(formatCount(static_cast<int64_t>(max_))));
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* e) {
    if (!gridRect_.contains(e->position()) || grid_.empty()) return;
    const int h = static_cast<int>((e->position().x() - gridRect_.left()) / (gridRect_.width() / 24));
    const int r = static_cast<int>((e->position().y() - gridRect_.top()) / (gridRect_.height() / rows()));
    if (r < 0 || r >= rows() || h < 0 || h >= 24) return;
    QToolTip::showText(e->globalPosition().toPoint(),
                       tr("%1, %2:00–%2:59 UTC: %3 requests")
                           .arg(rowLabels_[static_cast<size_t>(r)])
                           .arg(h, 2, 10, QChar('0'))
                           .arg(formatCount(static_cast<int64_t>(cell(r, h)))),
                       this);
}

} // namespace siphon::ui
