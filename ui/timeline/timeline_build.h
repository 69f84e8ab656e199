#pragma once
// Pure helpers that turn query results into chart geometry (no widgets, easy to test):
// dense stacked step outlines over the bucket grid, and UTC tick labels for the time axis.
#include "query/series_query.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

namespace siphon::ui {

enum class Metric { Requests, InputTokens, OutputTokens };

struct StackLayer {
    QString name;
    QList<QPointF> upper, lower;   // step outlines, x in ms since the epoch
    double total = 0;
};

struct StackedChart {
    std::vector<StackLayer> layers;
    double maxY = 0;
    int buckets = 0;               // non-empty buckets over all layers
};

// stacked: layers sum on top of each other (models); otherwise each layer starts at 0 (overlay).
// At most maxLayers layers; the rest are folded into "other" (stacked) or dropped (overlay).
StackedChart buildChart(const query::SeriesResult& result, Metric metric, int64_t fromUs, int64_t toUs,
                        bool stacked, size_t maxLayers = 8);

struct Tick {
    double ms;
    QString label;
};
// About maxTicks "nice" UTC ticks between fromMs and toMs (minutes, hours, days, weeks, months).
std::vector<Tick> timeTicks(double fromMs, double toMs, int maxTicks);

} // namespace siphon::ui
