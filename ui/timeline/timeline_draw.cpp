// TimelineView::redraw: turns the last query result into QtCharts series. Split from
// timeline_view.cpp to keep each file one idea (queries/interaction there, drawing here).
#include "session/case_session.h"
#include "tags/tag_store.h"
#include "timeline/timeline_chart.h"
#include "timeline/timeline_view.h"
#include "util/format.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSet>
#include <QValueAxis>

namespace siphon::ui {
namespace {

const QColor kLayerColours[] = {QColor(0x1e, 0x88, 0xe5), QColor(0x43, 0xa0, 0x47), QColor(0xfb, 0x8c, 0x00),
                                QColor(0x8e, 0x24, 0xaa), QColor(0x00, 0xac, 0xc1), QColor(0xf4, 0x51, 0x1e),
                                QColor(0x6d, 0x4c, 0x41), QColor(0x9e, 0x9e, 0x9e)};

QAreaSeries* band(QChart* chart, double x0, double x1, double maxY, QColor colour, const QString& name) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    upper->replace(QList<QPointF>{{x0, maxY}, {x1, maxY}});
    lower->replace(QList<QPointF>{{x0, 0}, {x1, 0}});
    auto* area = new QAreaSeries(upper, lower);
    area->setName(name);
    area->setColor(colour);
    area->setBorderColor(Qt::transparent);
    chart->addSeries(area);
    return area;
}

struct Axes {
    QCategoryAxis* x = nullptr;
    QValueAxis* y = nullptr;
    void attach(QAbstractSeries* s) const {
        s->attachAxis(x);
        s->attachAxis(y);
    }
};

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

void applyPalette(QChart* chart, const QPalette& palette) {
    const QColor text = palette.color(QPalette::WindowText);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
}

// The Y range covers the visible slice only, with a 10% margin.
double visibleMaxY(const StackedChart& chart, double fromMs, double toMs) {
    double maxY = 0;
    for (const auto& l : chart.layers)
        for (const auto& p : l.upper)
            if (p.x() >= fromMs - 1 && p.x() <= toMs) maxY = std::max(maxY, p.y());
    return maxY > 0 ? maxY * 1.1 : 1;
}

QCategoryAxis* timeAxis(double fromMs, double toMs, int widthPx, const QPalette& palette) {
    auto* x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setRange(fromMs, toMs);
    x->setStartValue(fromMs);
    QSet<QString> used;   // QCategoryAxis needs unique labels: the same hour on two days differs invisibly
    for (const auto& t : timeTicks(fromMs, toMs, std::max(4, widthPx / 75))) {
        QString label = t.label;
        while (used.contains(label)) label += QChar(0x200B);
        used.insert(label);
        x->append(label, t.ms);
    }
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    x->setLabelsColor(palette.color(QPalette::WindowText));
    x->setGridLineColor(dark ? QColor(70, 70, 70) : QColor(225, 225, 225));
    return x;
}

QValueAxis* valueAxis(double maxY, const QString& title, const QColor& gridColour, const QPalette& palette) {
    auto* y = new QValueAxis;
    y->setRange(0, maxY);
    y->applyNiceNumbers();
    y->setLabelFormat(maxY >= 1e6 ? "%.2g" : "%.0f");
    y->setLabelsColor(palette.color(QPalette::WindowText));
    y->setGridLineColor(gridColour);
    y->setTitleText(title);
    y->setTitleBrush(palette.color(QPalette::WindowText));
    return y;
}

QString metricName(Metric metric) {
    const char* names[] = {"requests", "input tokens", "output tokens"};
    return QString::fromLatin1(names[static_cast<int>(metric)]);
}

struct VisibleSpan {
    double fromMs = 0, toMs = 0, maxY = 1;
};

Axes addAxes(QChart* chart, const VisibleSpan& span, const QString& yTitle, int widthPx, const QPalette& palette) {
    Axes axes;
    axes.x = timeAxis(span.fromMs, span.toMs, widthPx, palette);
    axes.y = valueAxis(span.maxY, yTitle, axes.x->gridLineColor(), palette);
    chart->addAxis(axes.x, Qt::AlignBottom);
    chart->addAxis(axes.y, Qt::AlignLeft);
    return axes;
}

// One series per layer: stacked areas for one entity, lines for a cluster's members.
void addLayers(QChart* chart, const StackedChart& tc, bool stacked, const Axes& axes) {
    size_t i = 0;
    for (const auto& layer : tc.layers) {
        const QColor c = kLayerColours[i++ % std::size(kLayerColours)];
        auto* upper = new QLineSeries;
        upper->replace(layer.upper);   // one call: never append point by point
        QAbstractSeries* s = nullptr;
        if (stacked) {
            auto* lower = new QLineSeries;
            lower->replace(layer.lower);
            auto* area = new QAreaSeries(upper, lower);
            QColor fill = c;
            fill.setAlpha(200);
            area->setColor(fill);
            area->setBorderColor(c.darker(115));
            s = area;
        } else {
            upper->setColor(c);
            QPen pen = upper->pen();
            pen.setWidthF(1.6);
            upper->setPen(pen);
            s = upper;
        }
        s->setName(oneLine(layer.name.toStdString(), 28));
        chart->addSeries(s);
        axes.attach(s);
    }
}

void addOnsetLine(QChart* chart, int64_t onsetUs, double maxY, const Axes& axes) {
    auto* onset = new QLineSeries;
    const double t = static_cast<double>(onsetUs) / 1000;
    onset->replace(QList<QPointF>{{t, 0}, {t, maxY}});
    QPen pen(QColor(0xd3, 0x2f, 0x2f));
    pen.setWidthF(2);
    pen.setStyle(Qt::DashLine);
    onset->setPen(pen);
    onset->setName(QObject::tr("onset"));
    chart->addSeries(onset);
    axes.attach(onset);
}

} // namespace

void TimelineView::redraw() {
    clearChart(chart_);
    applyPalette(chart_, palette());
    if (entities_.empty()) {
        chart_->setTitle(session_->selection().entity().isEmpty()
                             ? tr("Select an entity in the accounts table to see its activity over time")
                             : tr("No activity recorded for this entity"));
        info_->clear();
        return;
    }
    const auto metric = static_cast<Metric>(metric_->currentIndex());
    const bool stacked = entities_.size() == 1;
    lastChart_ = buildChart(lastResult_, metric, std::max(fromUs_, lastFrom_), std::min(toUs_, lastTo_), stacked);
    const double fromMs = static_cast<double>(fromUs_) / 1000, toMs = static_cast<double>(toUs_) / 1000;
    const double maxY = visibleMaxY(lastChart_, fromMs, toMs);
    const QString yTitle = tr("%1 per %2").arg(metricName(metric), formatDurationUs(lastResult_.bucketUs));
    const Axes axes = addAxes(chart_, {fromMs, toMs, maxY}, yTitle, view_->width(), palette());
    // Tagged ranges first, so data draws over them.
    if (tags_) {
        for (const auto& r : tags_->rangesFor(level_, entities_)) {
            QColor c = r.colour;
            c.setAlpha(55);
            axes.attach(band(chart_, static_cast<double>(r.fromUs) / 1000, static_cast<double>(r.toUs) / 1000, maxY, c,
                             tr("tagged: %1").arg(r.label)));
        }
    }
    addLayers(chart_, lastChart_, stacked, axes);
    if (const auto range = session_->selection().range())
        axes.attach(band(chart_, static_cast<double>(range->fromUs) / 1000, static_cast<double>(range->toUs) / 1000,
                         maxY, QColor(33, 150, 243, 60), tr("selected range")));
    if (onsetUs_) addOnsetLine(chart_, *onsetUs_, maxY, axes);
    view_->setVisibleSpan(fromMs, toMs);
    const QString who = entities_.size() == 1 ? oneLine(entities_.front(), 60)
                                              : tr("%1 cluster members").arg(entities_.size());
    chart_->setTitle(stacked && lastResult_.byModel ? tr("%1 — stacked by model").arg(who) : who);
    info_->setText(tr("%1 → %2 · bucket %3").arg(formatTimeUs(fromUs_), formatTimeUs(toUs_),
                                                 formatDurationUs(lastResult_.bucketUs)));
}

} // namespace siphon::ui
