#include "main/stall_bench.h"

#include "accounts/accounts_view.h"
#include "accounts/entity_table_model.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "requests/request_table_model.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "timeline/timeline_view.h"

#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace siphon::ui {

namespace {

constexpr int kTimeout = 300000;

// The longest gap between 2 ms heartbeats on the GUI thread, and the step it fell in.
class StallMeter {
public:
    StallMeter() {
        heartbeat_.setTimerType(Qt::PreciseTimer);
        heartbeat_.setInterval(2);
        QObject::connect(&heartbeat_, &QTimer::timeout, [this] { beat(); });
        clock_.start();
        heartbeat_.start();
    }
    StallMeter(const StallMeter&) = delete;
    StallMeter& operator=(const StallMeter&) = delete;

    void setStep(const QString& step) { step_ = step; }
    void stop() { heartbeat_.stop(); }
    qint64 worst() const { return worst_; }
    const QString& worstStep() const { return worstStep_; }

private:
    void beat() {
        const qint64 now = clock_.elapsed();
        if (now - last_ > worst_) {
            worst_ = now - last_;
            worstStep_ = step_;
        }
        last_ = now;
    }

    QElapsedTimer clock_;
    QTimer heartbeat_;
    qint64 last_ = 0, worst_ = 0;
    QString step_ = QStringLiteral("start"), worstStep_;
};

bool timelineZoomPanSelect(MainWindow& w) {
    w.showView(MainWindow::View::Timeline);
    for (int i = 0; i < 6; ++i) {
        const auto r = w.timeline()->visibleRange();
        if (!r) return false;
        const int64_t q = (r->toUs - r->fromUs) / 4;
        w.timeline()->zoomTo(r->fromUs + q, r->toUs - q);
        if (!waitIdle(w, kTimeout)) return false;
    }
    if (const auto r = w.timeline()->visibleRange()) w.timeline()->selectRange(r->fromUs, r->fromUs + (r->toUs - r->fromUs) / 3);
    return waitIdle(w, kTimeout);
}

bool timelineOverlay(MainWindow& w) {
    w.timeline()->setOverlay(true);
    const bool ok = waitIdle(w, kTimeout);
    w.timeline()->setOverlay(false);
    return ok && waitIdle(w, kTimeout);
}

bool heatmapAndNetwork(MainWindow& w) {
    w.showView(MainWindow::View::Heatmap);
    waitIdle(w, kTimeout);
    w.showView(MainWindow::View::Network);
    return waitIdle(w, kTimeout);
}

bool requestsScrollAndDetail(MainWindow& w) {
    w.showView(MainWindow::View::Requests);
    if (!waitIdle(w, kTimeout)) return false;
    auto* t = w.requests()->table();
    const int rows = w.requests()->model()->rowCount();
    for (int r : {rows / 2, rows - 1, 0})
        if (r >= 0) {
            t->scrollTo(w.requests()->model()->index(r, 0));
            waitIdle(w, kTimeout);
        }
    if (rows > 0) w.requests()->selectRow(0);
    return waitIdle(w, kTimeout);
}

bool accountsSortAndFilter(MainWindow& w) {
    w.accounts()->model()->sort(EntityTableModel::Requests, Qt::DescendingOrder);
    waitIdle(w, kTimeout);
    w.accounts()->model()->setFilter("a");
    waitIdle(w, kTimeout);
    w.accounts()->model()->setFilter("");
    return waitIdle(w, kTimeout);
}

} // namespace

int runStallBench(const QString& casePath) {
    MainWindow w;
    w.setPersistLayout(false);
    w.resize(1280, 800);
    w.show();
    StallMeter meter;
    QElapsedTimer stepClock;
    auto run = [&](const char* name, const std::function<bool()>& body) {
        meter.setStep(QString::fromLatin1(name));
        stepClock.start();
        const bool ok = body();
        std::printf("  %-34s %8.1f ms%s\n", name, double(stepClock.nsecsElapsed()) / 1e6, ok ? "" : "  (FAILED)");
        std::fflush(stdout);
        return ok;
    };
    std::printf("stall benchmark on %s\n", casePath.toLocal8Bit().constData());
    QString err;
    if (!run("open case + accounts index", [&] { return openCaseAndWait(w, casePath, kTimeout, &err); })) {
        std::fprintf(stderr, "error: %s\n", err.toLocal8Bit().constData());
        return 1;
    }
    run("select top entity (all views load)", [&] { return selectEntityAndWait(w, {}, kTimeout); });
    run("timeline: zoom, pan, select range", [&] { return timelineZoomPanSelect(w); });
    run("timeline: overlay cluster", [&] { return timelineOverlay(w); });
    run("heatmap + network", [&] { return heatmapAndNetwork(w); });
    run("requests: index + scroll + detail", [&] { return requestsScrollAndDetail(w); });
    run("requests: prompt search", [&] {
        w.requests()->setSearch("step");
        return waitIdle(w, kTimeout);
    });
    run("accounts: sort + filter", [&] { return accountsSortAndFilter(w); });
    meter.stop();
    std::printf("longest GUI-thread stall: %lld ms (during \"%s\"; target <= 50 ms)\n", static_cast<long long>(meter.worst()),
                meter.worstStep().toLocal8Bit().constData());
    std::fflush(stdout);   // printed before the window tears down its workers
    return 0;
}

} // namespace siphon::ui
