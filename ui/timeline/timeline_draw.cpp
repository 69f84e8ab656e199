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

} // namespace

void TimelineView::redraw() {
    chart_->removeAllSeries();
    for (auto* axis : chart_->axes()) {
        chart_->removeAxis(axis);
        delete axis;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor text = palette().color(QPalette::WindowText);
    chart_->setBackgroundBrush(palette().color(QPalette::Base));
    chart_->setTitleBrush(text);
    chart_->legend()->setLabelColor(text);
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
    double maxY = 0;
    // Y range over the visible slice only.
    const double fromMs = static_cast<double>(fromUs_) / 1000, toMs = static_cast<double>(toUs_) / 1000;
    for (const auto& l : lastChart_.layers)
        for (const auto& p : l.upper)
            if (p.x() >= fromMs - 1 && p.x() <= toMs) maxY = std::max(maxY, p.y());
    maxY = maxY > 0 ? maxY * 1.1 : 1;

    auto* x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setRange(fromMs, toMs);
    x->setStartValue(fromMs);
    QSet<QString> used;   // QCategoryAxis needs unique labels: the same hour on two days differs invisibly
    for (const auto& t : timeTicks(fromMs, toMs, std::max(4, view_->width() / 75))) {
        QString label = t.label;
        while (used.contains(label)) label += QChar(0x200B);
        used.insert(label);
        x->append(label, t.ms);
    }
    x->setLabelsColor(text);
    x->setGridLineColor(dark ? QColor(70, 70, 70) : QColor(225, 225, 225));
    auto* y = new QValueAxis;
    y->setRange(0, maxY);
    y->applyNiceNumbers();
    y->setLabelFormat(maxY >= 1e6 ? "%.2g" : "%.0f");
    y->setLabelsColor(text);
    y->setGridLineColor(x->gridLineColor());
    const char* metricName[] = {"requests", "input tokens", "output tokens"};
    y->setTitleText(tr("%1 per %2").arg(QString::fromLatin1(metricName[static_cast<int>(metric)]), formatDurationUs(lastResult_.bucketUs)));
    y->setTitleBrush(text);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);

    auto attach = [&](QAbstractSeries* s) {
        s->attachAxis(x);
        s->attachAxis(y);
    };
    // Tagged ranges first, so data draws over them.
    if (tags_) {
        for (const auto& r : tags_->rangesFor(level_, entities_)) {
            QColor c = r.colour;
            c.setAlpha(55);
            attach(band(chart_, static_cast<double>(r.fromUs) / 1000, static_cast<double>(r.toUs) / 1000, maxY, c,
                        tr("tagged: %1").arg(r.label)));
        }
    }
    size_t i = 0;
    for (const auto& layer : lastChart_.layers) {
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
        chart_->addSeries(s);
        attach(s);
    }
    if (const auto range = session_->selection().range()) {
        auto* sel = band(chart_, static_cast<double>(range->fromUs) / 1000, static_cast<double>(range->toUs) / 1000, maxY,
                         QColor(33, 150, 243, 60), tr("selected range"));
        attach(sel);
    }
    if (onsetUs_) {
        auto* onset = new QLineSeries;
        const double t = static_cast<double>(*onsetUs_) / 1000;
        onset->replace(QList<QPointF>{{t, 0}, {t, maxY}});
        QPen pen(QColor(0xd3, 0x2f, 0x2f));
        pen.setWidthF(2);
        pen.setStyle(Qt::DashLine);
        onset->setPen(pen);
        onset->setName(tr("onset"));
        chart_->addSeries(onset);
        attach(onset);
    }
    view_->setVisibleSpan(fromMs, toMs);
    const QString who = entities_.size() == 1 ? oneLine(entities_.front(), 60)
                                              : tr("%1 cluster members").arg(entities_.size());
    chart_->setTitle(stacked && lastResult_.byModel ? tr("%1 — stacked by model").arg(who) : who);
    info_->setText(tr("%1 → %2 · bucket %3").arg(formatTimeUs(fromUs_), formatTimeUs(toUs_),
                                                 formatDurationUs(lastResult_.bucketUs)));
}

} // namespace siphon::ui
