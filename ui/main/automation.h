#pragma once
// Scripted driving of a MainWindow without a user: waiting on predicates with deadlines (never
// bare sleeps), opening a case and waiting until every view has its data. Used by --screenshot,
// --bench-stall and the UI tests. Thread: GUI only.
#include "session/case_open_mode.h"

#include <QString>

#include <functional>

namespace siphon::ui {

class MainWindow;

// Runs the event loop until pred() is true (checked every 5 ms by a timer, so events are handled
// in between) or timeoutMs passes. Returns pred()'s final value.
bool waitUntil(const std::function<bool()>& pred, int timeoutMs);

// Waits until no worker has jobs in flight for three consecutive 5 ms checks (a result being
// delivered can queue the next job, so one idle check is not enough).
bool waitIdle(MainWindow& w, int timeoutMs);

// Opens the case and waits for the accounts index; false on failure or timeout.
bool openCaseAndWait(MainWindow& w, const QString& path, int timeoutMs, QString* error = nullptr,
                     CaseOpenMode mode = CaseOpenMode::Existing);

// Selects entity (or the top-ranked one when empty) and waits until the views are idle.
bool selectEntityAndWait(MainWindow& w, const QString& entity, int timeoutMs);

// Registers the Qt resources of the static ui library (icons, stylesheet).
void initResources();

} // namespace siphon::ui
