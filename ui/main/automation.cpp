#include "main/automation.h"

#include "accounts/accounts_view.h"
#include "accounts/entity_table_model.h"
#include "main/main_window.h"
#include "session/case_session.h"

#include <QEventLoop>
#include <QTableView>
#include <QTimer>
#include <QElapsedTimer>

static void initSiphonResources() { Q_INIT_RESOURCE(siphon); }

namespace siphon::ui {

void initResources() { initSiphonResources(); }

bool waitUntil(const std::function<bool()>& pred, int timeoutMs) {
    if (pred()) return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (pred()) loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    return pred();
}

bool waitIdle(MainWindow& w, int timeoutMs) {
    int quiet = 0;
    return waitUntil(
        [&] {
            quiet = w.session()->busy() == 0 ? quiet + 1 : 0;
            return quiet >= 3;
        },
        timeoutMs);
}

bool openCaseAndWait(MainWindow& w, const QString& path, int timeoutMs, QString* error, CaseOpenMode mode) {
    bool failed = false;
    QString message;
    auto c = QObject::connect(w.session(), &CaseSession::openFailed, [&](const QString&, const QString& m) {
        failed = true;
        message = m;
    });
    w.openCase(path, mode);
    const bool ok = waitUntil([&] { return failed || (w.session()->isOpen() && w.accounts()->model()->indexReady()); },
                              timeoutMs);
    QObject::disconnect(c);
    if (error) *error = failed ? message : (ok ? QString() : QStringLiteral("timed out opening the case"));
    return ok && !failed && waitIdle(w, timeoutMs);
}

bool selectEntityAndWait(MainWindow& w, const QString& entity, int timeoutMs) {
    if (entity.isEmpty()) w.accounts()->selectTopEntity();
    else {
        const int row = w.accounts()->model()->rowOf(entity);
        if (row < 0) w.session()->selection().setEntity(entity, std::nullopt);
        else {
            w.accounts()->table()->selectRow(row);
            w.accounts()->table()->setCurrentIndex(w.accounts()->model()->index(row, 0));
        }
    }
    return waitUntil([&] { return !w.session()->selection().entity().isEmpty(); }, timeoutMs) && waitIdle(w, timeoutMs);
}

} // namespace siphon::ui
