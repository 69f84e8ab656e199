#pragma once
// --bench-stall CASE: a scripted session (open case, select the top entity, timeline zoom/pan,
// heatmap, network, requests scroll and detail, prompt search, accounts sort/filter) while a
// 2 ms QTimer heartbeat records the longest gap on the GUI thread. Prints per-step times and the
// longest stall; exit 0 even above target (it is a measurement), 1 when the session fails.
#include <QString>

namespace siphon::ui {
int runStallBench(const QString& casePath);
}
