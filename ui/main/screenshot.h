#pragma once
// --screenshot: opens a case in a 1280×800 main window on the current (normally offscreen)
// platform, selects an entity (or the top-ranked one), shows one view, waits until every query
// has answered, and saves the window to a PNG. Returns an error message, empty on success.
#include <QString>

namespace siphon::ui {

struct ScreenshotRequest {
    QString out, casePath, entity, view = "timeline";
    bool dark = false;
    bool readOnly = false;
    int width = 1280, height = 800;
};

QString renderScreenshot(const ScreenshotRequest& req);

} // namespace siphon::ui
