#pragma once
// Deterministic force-directed layout (Fruchterman–Reingold) for small graphs (a cluster's
// members, at most a few hundred nodes). Pure function; positions in a box of the given size.
#include <QPointF>
#include <QSizeF>

#include <utility>
#include <vector>

namespace siphon::ui {

std::vector<QPointF> forceLayout(int nodeCount, const std::vector<std::pair<int, int>>& edges, QSizeF box,
                                 int iterations = 250);

} // namespace siphon::ui
