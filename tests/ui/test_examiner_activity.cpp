// Issue #13 (tracker 17), item 6: the Examiners tab lists the audit log (who imported, tagged,
// untagged, exported what and when), newest first, and filters by author exactly.

#include "activity/examiner_activity_view.h"
#include "main/automation.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("examiner activity lists every audited action and filters by author", "[ui][activity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv"), "--by", "Ann"}).exitCode == 0);
    REQUIRE(test::runCli({"tag", c, "--entity", "evil-1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    REQUIRE(test::runCli({"tag", c, "--entity", "evil-2", "--label", "suspected", "--by", "Anne"}).exitCode == 0);
    REQUIRE(test::runCli({"untag", c, "--tag", "1", "--by", "Bob", "--note", "explained"}).exitCode == 0);

    CaseSession session;
    ExaminerActivityView view(&session);
    QSignalSpy loaded(&view, &ExaminerActivityView::loaded);
    session.open(QString::fromStdString(c));
    REQUIRE(waitUntil([&] { return loaded.count() >= 1; }, 30000));
    CHECK(view.visibleRows() == 4);   // import, tag, tag, untag
    view.setAuthorFilter(QStringLiteral("Ann"));
    CHECK(view.visibleRows() == 2);   // not Anne's
    view.setAuthorFilter(QStringLiteral("Bob"));
    CHECK(view.visibleRows() == 1);
    view.setAuthorFilter({});
    CHECK(view.visibleRows() == 4);
}
