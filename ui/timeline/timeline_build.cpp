#include "timeline/timeline_build.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <map>

namespace siphon::ui {
namespace {

int64_t value(const query::SeriesBucket& b, Metric m) {
    switch (m) {
    case Metric::Requests: return b.requests;
    case Metric::InputTokens: return b.inputTokens;
    case Metric::OutputTokens: return b.outputTokens;
    }
    return 0;
}

} // namespace

StackedChart buildChart(const query::SeriesResult& result, Metric metric, int64_t fromUs, int64_t toUs, bool stacked,
                        size_t maxLayers) {
    StackedChart out;
    const int64_t b = result.bucketUs;
    if (b <= 0 || toUs <= fromUs) return out;
    const int64_t first = (fromUs / b) * b;
    const size_t n = static_cast<size_t>((toUs - first + b - 1) / b);
    if (n == 0 || n > 200000) return out;

    // Dense values per layer over the grid; extra series folded into "other".
    std::vector<std::pair<QString, std::vector<double>>> dense;
    for (size_t i = 0; i < result.series.size(); ++i) {
        const auto& s = result.series[i];
        const bool fold = i + 1 >= maxLayers && result.series.size() > maxLayers;
        if (fold && !stacked) break;
        if (!fold || dense.size() < maxLayers) dense.emplace_back(fold ? QStringLiteral("other") : QString::fromStdString(s.name),
                                                                  std::vector<double>(n, 0.0));
        auto& vals = dense.back().second;
        for (const auto& bucket : s.buckets) {
            if (bucket.startUs < first) continue;
            const size_t k = static_cast<size_t>((bucket.startUs - first) / b);
            if (k >= n) continue;
            if (vals[k] == 0 && value(bucket, metric) != 0) ++out.buckets;
            vals[k] += static_cast<double>(value(bucket, metric));
        }
    }
    std::vector<double> base(n, 0.0);
    for (auto& [name, vals] : dense) {
        StackLayer layer;
        layer.name = name;
        layer.upper.reserve(static_cast<qsizetype>(2 * n));
        layer.lower.reserve(static_cast<qsizetype>(2 * n));
        for (size_t k = 0; k < n; ++k) {
            const double x0 = static_cast<double>(first + static_cast<int64_t>(k) * b) / 1000.0;
            const double x1 = x0 + static_cast<double>(b) / 1000.0;
            const double lo = stacked ? base[k] : 0.0;
            const double hi = lo + vals[k];
            layer.lower << QPointF(x0, lo) << QPointF(x1, lo);
            layer.upper << QPointF(x0, hi) << QPointF(x1, hi);
            layer.total += vals[k];
            out.maxY = std::max(out.maxY, hi);
            if (stacked) base[k] = hi;
        }
        out.layers.push_back(std::move(layer));
    }
    return out;
}

std::vector<Tick> timeTicks(double fromMs, double toMs, int maxTicks) {
    std::vector<Tick> out;
    if (toMs <= fromMs || maxTicks < 2) return out;
    static constexpr double kMin = 60'000, kHour = 60 * kMin, kDay = 24 * kHour;
    static constexpr double kSteps[] = {kMin, 5 * kMin, 15 * kMin, 30 * kMin, kHour, 3 * kHour, 6 * kHour,
                                        12 * kHour, kDay, 2 * kDay, 7 * kDay, 14 * kDay, 30 * kDay, 91 * kDay};
    double step = kSteps[std::size(kSteps) - 1];
    for (double s : kSteps)
        if ((toMs - fromMs) / s <= maxTicks) {
            step = s;
            break;
        }
    const double start = std::ceil(fromMs / step) * step;
    for (double t = start; t <= toMs && out.size() < 200; t += step) {
        const QDateTime d = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(t), QTimeZone::utc());
        QString label;
        if (step < kDay) label = d.time() == QTime(0, 0) ? d.toString("MMM d") : d.toString("HH:mm");
        else if (step >= 30 * kDay) label = d.toString("MMM yyyy");
        else label = d.toString("MMM d");
        out.push_back({t, label});
    }
    return out;
}

} // namespace siphon::ui
