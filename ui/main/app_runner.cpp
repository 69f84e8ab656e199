#include "main/app_runner.h"

#include "main/automation.h"
#include "main/demo_case.h"
#include "main/main_window.h"
#include "main/screenshot.h"
#include "main/stall_bench.h"
#include "session/case_session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>

#include <cstdio>
#include <cstring>

namespace siphon::ui {
namespace {

bool hasFlag(int argc, char** argv, const char* flag) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], flag) == 0) return true;
    return false;
}

int fail(const QString& message, int code = 1) {
    std::fprintf(stderr, "error: %s\n", message.toLocal8Bit().constData());
    return code;
}

} // namespace

int runGuiApp(int argc, char** argv) {
    const bool headless = hasFlag(argc, argv, "--screenshot") || hasFlag(argc, argv, "--bench-stall");
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName("siphon");
    QApplication::setOrganizationName("siphon");
    QApplication::setApplicationVersion(SIPHON_VERSION);
    initResources();

    QCommandLineParser p;
    p.setApplicationDescription("Siphon: investigate bulk extraction (distillation) of LLM API outputs.");
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument("inputs", "A case file (*.siphon) to open, or log files to import into a new case.", "[CASE | LOGS...]");
    QCommandLineOption demo("demo", "Open the bundled demo case (built on first use).");
    QCommandLineOption shot("screenshot", "Render one view offscreen to a PNG and exit.", "OUT.png");
    QCommandLineOption caseOpt("case", "Case file for --screenshot.", "CASE");
    QCommandLineOption entity("entity", "Entity to select for --screenshot.", "ID");
    QCommandLineOption view("view", "View for --screenshot: accounts|timeline|heatmap|network|requests|examiners.", "VIEW", "timeline");
    QCommandLineOption dark("dark", "Use the dark palette.");
    QCommandLineOption readOnly("read-only", "Open CASE read-only for review: nothing in it can be changed.");
    QCommandLineOption bench("bench-stall", "Measure the longest GUI-thread stall during a scripted session.", "CASE");
    p.addOptions({demo, shot, caseOpt, entity, view, dark, bench, readOnly});
    p.process(app);

    if (p.isSet(bench)) {
        QStandardPaths::setTestModeEnabled(true);
        return runStallBench(p.value(bench));
    }
    if (p.isSet(shot)) {
        QStandardPaths::setTestModeEnabled(true);
        if (!p.isSet(caseOpt)) return fail("--screenshot needs --case CASE", 2);
        ScreenshotRequest req;
        req.out = p.value(shot);
        req.casePath = p.value(caseOpt);
        req.entity = p.value(entity);
        req.view = p.value(view);
        req.dark = p.isSet(dark);
        req.readOnly = p.isSet(readOnly);
        const QString err = renderScreenshot(req);
        return err.isEmpty() ? 0 : fail(err, err.startsWith("usage") ? 2 : 1);
    }

    MainWindow w;
    if (p.isSet(dark)) w.setDark(true);
    w.show();
    if (p.isSet(demo)) {
        openDemoCase(&w, [&w](const QString& path, const QString& error) {
            if (!error.isEmpty()) QMessageBox::warning(&w, QObject::tr("Demo"), error);
            else w.openCase(path);
        });
    } else if (!p.positionalArguments().isEmpty()) {
        const QStringList args = p.positionalArguments();
        const bool oneCase = args.size() == 1 && args.front().endsWith(".siphon", Qt::CaseInsensitive);
        if (p.isSet(readOnly) && !oneCase) return fail("--read-only opens one CASE.siphon; it imports nothing", 2);
        if (oneCase) w.openCase(args.front(), p.isSet(readOnly) ? CaseOpenMode::ReadOnly : CaseOpenMode::Existing);
        else w.importFiles(args);
    }
    return app.exec();
}

} // namespace siphon::ui
