#pragma once
// --demo: the bundled demo case at <app data>/demo/demo.siphon, built on first use on a worker
// thread (synthetic logs from core/generate, imported and analysed) while a progress dialog shows.
#include <QString>

#include <functional>

class QWidget;

namespace siphon::ui {

QString demoCasePath();
// done(path, error) on the GUI thread.
void buildDemoCase(QWidget* parent, std::function<void(const QString& path, const QString& error)> done);
// The build itself (any thread): generate → import → analyse every level.
QString buildDemoCaseAt(const QString& dir);

} // namespace siphon::ui
