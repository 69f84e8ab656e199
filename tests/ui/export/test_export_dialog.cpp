// The export dialog runs the export on the writer thread and reports a verifiable bundle.
#include "evidence/bundle_verify.h"
#include "export/export_dialog.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>

using namespace siphon;

namespace {

// A case with one tagged entity, imported through the CLI.
std::string taggedCase(test::TempDir& dir) {
    const std::string casePath = dir.file("case.siphon");
    REQUIRE(test::runCli({"import", casePath, test::fixture("evidence/traffic.csv")}).exitCode == 0);
    REQUIRE(test::runCli({"tag", casePath, "--entity", "evil-1", "--label", "suspected", "--by", "tester"}).exitCode == 0);
    return casePath;
}

// Starts the export and spins the event loop until it finishes; true when it succeeded.
bool exportAndWait(ui::ExportDialog& dialog) {
    bool done = false, ok = false;
    QObject::connect(&dialog, &ui::ExportDialog::exportFinished, [&](bool success) {
        done = true;
        ok = success;
    });
    dialog.startExport();
    CHECK(dialog.busy());   // the export runs on the writer thread, not here
    QElapsedTimer t;
    t.start();
    while (!done && t.elapsed() < 120000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    REQUIRE(done);
    return ok;
}

} // namespace

TEST_CASE("export dialog writes a verifiable bundle without blocking the GUI thread", "[ui][export]") {
    test::TempDir dir;
    const std::string casePath = taggedCase(dir);
    ui::CaseSession session;
    session.open(QString::fromStdString(casePath));
    ui::ExportDialog dialog(&session, QString::fromStdString(casePath));
    const bool ok = exportAndWait(dialog);
    INFO(dialog.statusText().toStdString());
    REQUIRE(ok);
    CHECK(QFileInfo::exists(dialog.outputPath()));
    CHECK(dialog.statusText().contains(QStringLiteral("SHA-256")));
    auto report = evidence::verifyBundle(dialog.outputPath().toStdString(), std::nullopt);
    REQUIRE(report.ok());
    CHECK(report->ok);
    if (qEnvironmentVariableIsSet("SIPHON_GRAB")) dialog.grab().save(qEnvironmentVariable("SIPHON_GRAB"));
}

TEST_CASE("export dialog also writes a production with page images when a folder is named", "[ui][export][production]") {
    test::TempDir dir;
    const std::string casePath = taggedCase(dir);
    ui::CaseSession session;
    session.open(QString::fromStdString(casePath));
    ui::ExportDialog dialog(&session, QString::fromStdString(casePath));
    const QString prod = QString::fromStdString(dir.file("production"));
    dialog.setProductionFolder(prod);
    const bool ok = exportAndWait(dialog);
    INFO(dialog.statusText().toStdString());
    REQUIRE(ok);
    CHECK(dialog.statusText().contains(QStringLiteral("Production")));
    CHECK(QDir(prod + QStringLiteral("/DATA")).entryList({QStringLiteral("*.dat")}).size() == 1);
    CHECK(QDir(prod + QStringLiteral("/IMAGES")).entryList({QStringLiteral("*.png")}).size() > 1);
    CHECK(QDir(prod + QStringLiteral("/NATIVES")).entryList(QDir::Files).size() == 216);
}
