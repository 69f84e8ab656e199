// Issue #9 (tracker 13), Medium: the GUI import said nothing about what it did not read. The
// import dialog now lists every skipped path with its reason (the folder walk's skips used to be
// dropped on the way to the dialog), every file that failed or stopped short, and reused record
// ids; hostile file names are shown with their control characters made visible.
#include "import/import_dialog.h"
#include "main/automation.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <QPlainTextEdit>
#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>

using namespace siphon;
using namespace siphon::ui;
namespace fs = std::filesystem;

namespace {

std::string rec(const char* id, int tokens) {
    return std::string("{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"a\",\"request_id\":\"") + id +
           "\",\"input_tokens\":" + std::to_string(tokens) + ",\"output_tokens\":1}\n";
}

} // namespace

TEST_CASE("import dialog lists skipped paths, failed files and reused ids", "[ui][import][integrity]") {
    test::TempDir dir;
    const std::string logs = dir.file("logs");
    fs::create_directories(logs);
    test::writeFile(logs + "/a.jsonl", rec("req-1", 1) + rec("req-2", 1));
    test::writeFile(logs + "/b.jsonl", rec("req-1", 2));                  // req-1 again, other content
    test::writeFile(logs + "/c.jsonl", "this is not a log\n");           // no format recognised
    fs::create_symlink(dir.file("nowhere.csv"), logs + "/broken\x1b[31m.csv");   // hostile name
    REQUIRE(::mkfifo((logs + "/pipe.csv").c_str(), 0600) == 0);

    CaseSession session;
    QSignalSpy opened(&session, &CaseSession::caseOpened);
    session.open(QString::fromStdString(dir.file("c.siphon")), ui::CaseOpenMode::Create);
    REQUIRE(waitUntil([&] { return opened.count() > 0; }, 30000));
    ImportDialog dialog(&session);
    QSignalSpy finished(&dialog, &ImportDialog::finished);
    dialog.addPaths({QString::fromStdString(logs)});
    dialog.start();
    REQUIRE(waitUntil([&] { return finished.count() > 0; }, 60000));

    const QString text = dialog.problems()->toPlainText();
    INFO(text.toStdString());
    CHECK_FALSE(dialog.problems()->isHidden());
    CHECK(text.contains(QStringLiteral("broken symbolic link")));
    CHECK(text.contains(QStringLiteral("pipe.csv: a FIFO")));
    CHECK(text.contains(QStringLiteral("c.jsonl: not fully imported")));
    CHECK(text.contains(QStringLiteral("b.jsonl: 1 record id(s) already in the case with other content")));
    CHECK_FALSE(text.contains(QChar(0x1b)));   // the escape is shown, not sent to the widget raw
}

TEST_CASE("import dialog shows no problem list when everything was read", "[ui][import][integrity]") {
    test::TempDir dir;
    test::writeFile(dir.file("a.jsonl"), rec("req-1", 1));
    CaseSession session;
    QSignalSpy opened(&session, &CaseSession::caseOpened);
    session.open(QString::fromStdString(dir.file("c.siphon")), ui::CaseOpenMode::Create);
    REQUIRE(waitUntil([&] { return opened.count() > 0; }, 30000));
    ImportDialog dialog(&session);
    QSignalSpy finished(&dialog, &ImportDialog::finished);
    dialog.addPaths({QString::fromStdString(dir.file("a.jsonl"))});
    dialog.start();
    REQUIRE(waitUntil([&] { return finished.count() > 0; }, 60000));
    CHECK(finished.at(0).at(0).toBool());
    CHECK(dialog.problems()->isHidden());
    CHECK(dialog.problems()->toPlainText().isEmpty());
}
