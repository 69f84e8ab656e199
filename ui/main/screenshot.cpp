#include "main/screenshot.h"

#include "main/automation.h"
#include "main/main_window.h"
#include "requests/requests_view.h"
#include "requests/request_table_model.h"
#include "session/case_session.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QPixmap>

namespace siphon::ui {

QString renderScreenshot(const ScreenshotRequest& req) {
    static const QStringList kViews = {"accounts", "timeline", "heatmap", "network", "requests", "examiners"};
    if (!kViews.contains(req.view)) return QStringLiteral("usage: --view must be one of %1").arg(kViews.join(", "));
    if (!QFileInfo::exists(req.casePath)) return QStringLiteral("case not found: %1").arg(req.casePath);
    constexpr int kTimeoutMs = 120000;
    MainWindow w;
    w.setPersistLayout(false);
    w.setDark(req.dark);
    w.resize(req.width, req.height);
    w.show();
    QString error;
    if (!openCaseAndWait(w, req.casePath, kTimeoutMs, &error, req.readOnly ? CaseOpenMode::ReadOnly : CaseOpenMode::Existing))
        return error;
    if (!selectEntityAndWait(w, req.entity, kTimeoutMs)) return QStringLiteral("could not select an entity");
    const int v = static_cast<int>(kViews.indexOf(req.view));
    w.showView(static_cast<MainWindow::View>(v == 0 ? 1 : v));
    if (v == 0) {
        w.showView(MainWindow::View::Accounts);
        // The table is the subject: give it the room the tag dock would take.
        if (auto* tagsDock = w.findChild<QDockWidget*>("tagsDock")) tagsDock->hide();
        w.setAccountsWidth(req.width * 70 / 100);
    }
    waitIdle(w, kTimeoutMs);
    if (req.view == "requests" && w.requests()->model()->rowCount() > 0) {
        w.requests()->selectRow(0);
        waitIdle(w, kTimeoutMs);
    }
    waitUntil([] { return false; }, 150);   // let the last repaint land
    const QPixmap pix = w.grab();
    if (!pix.save(req.out, "PNG")) return QStringLiteral("cannot write %1").arg(req.out);
    return {};
}

} // namespace siphon::ui
