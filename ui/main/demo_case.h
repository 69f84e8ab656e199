#pragma once
// --demo: the bundled demo case (core/demo, the same one `siphon-cli demo` builds) at
// <app data>/demo/demo.siphon, built on first use on a thread the builder owns while a progress
// dialog shows. Closing the window destroys the builder, which cancels the build and joins.
#include "demo/demo_case.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <thread>

class QWidget;

namespace siphon::ui {

QString demoCasePath();

// Runs one demo::buildDemoCase on its own thread. Signals arrive on the GUI thread.
// Thread: construct, start and destroy on the GUI thread.
class DemoCaseBuilder : public QObject {
    Q_OBJECT
public:
    explicit DemoCaseBuilder(QObject* parent = nullptr);
    ~DemoCaseBuilder() override; // cancels a running build and joins its thread
    Q_DISABLE_COPY_MOVE(DemoCaseBuilder)

    void start(demo::DemoOptions options); // once per builder
    // Builder threads started and not yet finished, in the whole process (tests check none leaks).
    static int liveThreads();

Q_SIGNALS:
    void progress(const QString& line);
    void finished(const QString& casePath, const QString& error); // error empty on success

private:
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

// Calls done(path, error) on the GUI thread: at once when the demo case exists, else after
// building it (the builder and its progress dialog are children of parent).
void openDemoCase(QWidget* parent, std::function<void(const QString& path, const QString& error)> done);

} // namespace siphon::ui
