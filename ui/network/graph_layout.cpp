#include "network/graph_layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace siphon::ui {

std::vector<QPointF> forceLayout(int n, const std::vector<std::pair<int, int>>& edges, QSizeF box, int iterations) {
    std::vector<QPointF> pos(static_cast<size_t>(std::max(n, 0)));
    if (n <= 0) return pos;
    const double w = box.width(), h = box.height();
    // Start on a circle (deterministic), so the same cluster always looks the same.
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * i / n;
        pos[static_cast<size_t>(i)] = QPointF(w / 2 + w / 3 * std::cos(a), h / 2 + h / 3 * std::sin(a));
    }
    if (n == 1) return pos;
    const double k = std::sqrt(w * h / n) * 0.8;
    double temp = w / 8;
    std::vector<QPointF> disp(pos.size());
    for (int it = 0; it < iterations; ++it) {
        std::fill(disp.begin(), disp.end(), QPointF());
        for (size_t i = 0; i < pos.size(); ++i)
            for (size_t j = i + 1; j < pos.size(); ++j) {
                QPointF d = pos[i] - pos[j];
                const double dist = std::max(std::hypot(d.x(), d.y()), 0.01);
                const QPointF f = d / dist * (k * k / dist);
                disp[i] += f;
                disp[j] -= f;
            }
        for (const auto& [a, b] : edges) {
            if (a < 0 || b < 0 || a >= n || b >= n || a == b) continue;
            QPointF d = pos[static_cast<size_t>(a)] - pos[static_cast<size_t>(b)];
            const double dist = std::max(std::hypot(d.x(), d.y()), 0.01);
            const QPointF f = d / dist * (dist * dist / k);
            disp[static_cast<size_t>(a)] -= f;
            disp[static_cast<size_t>(b)] += f;
        }
        for (size_t i = 0; i < pos.size(); ++i) {
            const double len = std::max(std::hypot(disp[i].x(), disp[i].y()), 0.01);
            pos[i] += disp[i] / len * std::min(len, temp);
            pos[i].setX(std::clamp(pos[i].x(), 30.0, w - 30));
            pos[i].setY(std::clamp(pos[i].y(), 30.0, h - 30));
        }
        temp = std::max(temp * 0.97, 1.0);
    }
    return pos;
}

} // namespace siphon::ui
