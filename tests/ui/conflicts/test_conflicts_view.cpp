// The Conflicts tab lists each reused record id with both records' provenance, loaded off the GUI
// thread when the case opens.
#include "conflicts/conflicts_view.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QStandardItemModel>
#include <QTextDocument>

using namespace siphon;

TEST_CASE("conflicts view lists reused record ids", "[ui][conflicts]") {
    test::TempDir dir;
    auto rec = [](const char* id, int tokens) {
        return std::string("{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"a\",\"request_id\":\"") + id +
               "\",\"input_tokens\":" + std::to_string(tokens) + ",\"output_tokens\":1}\n";
    };
    test::writeFile(dir.file("a.jsonl"), rec("req-1", 1) + rec("req-2", 1));
    test::writeFile(dir.file("b.jsonl"), rec("req-1", 2));
    const std::string casePath = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", casePath, dir.file("a.jsonl"), dir.file("b.jsonl")}).exitCode == 0);

    ui::CaseSession session;
    ui::ConflictsView view(&session);
    bool loaded = false;
    QObject::connect(&view, &ui::ConflictsView::loaded, [&] { loaded = true; });
    session.open(QString::fromStdString(casePath));
    QElapsedTimer t;
    t.start();
    while (!loaded && t.elapsed() < 30000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    REQUIRE(loaded);
    CHECK(view.rowCount() == 1);
    const auto labels = view.findChildren<QLabel*>();
    REQUIRE_FALSE(labels.isEmpty());
    CHECK(labels.front()->text().contains(QStringLiteral("1 record id")));
}

// Issue #9 (tracker 13), sweep of "output that echoes hostile bytes": the Conflicts tab put record
// ids raw into cells and into tool tips, which Qt renders as HTML when they look like it.
TEST_CASE("conflicts view shows hostile record ids as text, in cells and tool tips", "[ui][conflicts][hostile]") {
    test::TempDir dir;
    // A record id with markup, an escape and a right-to-left override, reused with other content.
    const std::string id = "<img src=x onerror=alert(1)>\\u001b[31m\\u202egpj.exe";
    auto rec = [&](int tokens) {
        return "{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"a\",\"request_id\":\"" + id +
               "\",\"input_tokens\":" + std::to_string(tokens) + ",\"output_tokens\":1}\n";
    };
    test::writeFile(dir.file("a.jsonl"), rec(1));
    test::writeFile(dir.file("b.jsonl"), rec(2));
    const std::string casePath = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", casePath, dir.file("a.jsonl"), dir.file("b.jsonl")}).exitCode == 0);

    ui::CaseSession session;
    ui::ConflictsView view(&session);
    bool loaded = false;
    QObject::connect(&view, &ui::ConflictsView::loaded, [&] { loaded = true; });
    session.open(QString::fromStdString(casePath));
    QElapsedTimer t;
    t.start();
    while (!loaded && t.elapsed() < 30000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    REQUIRE(loaded);
    REQUIRE(view.rowCount() == 1);
    const QStandardItem* cell = view.model()->item(0, 0);
    REQUIRE(cell);
    const QString shown = cell->text();
    INFO(shown.toStdString());
    CHECK(shown.contains(QStringLiteral("<img src=x onerror=alert(1)>")));
    CHECK_FALSE(shown.contains(QChar(0x202e)));
    CHECK_FALSE(shown.contains(QChar(0x1b)));
    // The tool tip, as Qt would display it, is the same characters, not an image.
    QTextDocument tip;
    if (Qt::mightBeRichText(cell->toolTip())) tip.setHtml(cell->toolTip());
    else tip.setPlainText(cell->toolTip());
    CHECK(tip.toPlainText().contains(QStringLiteral("<img src=x onerror=alert(1)>")));
}
