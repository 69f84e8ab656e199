// The Conflicts tab lists each reused record id with both records' provenance, loaded off the GUI
// thread when the case opens.
#include "conflicts/conflicts_view.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLabel>

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
