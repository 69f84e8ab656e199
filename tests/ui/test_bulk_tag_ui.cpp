// Tracker 17, item 6: bulk tagging by the current filter. The requests view's "Tag all shown"
// tags exactly the requests it lists (entity + prompt search) in one audited action.
#include "query_fixture.h"

#include "evidence/audit_log.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "requests/request_table_model.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "store/case_file.h"
#include "tags/tag_store.h"

#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>

#include <catch2/catch.hpp>

#include <set>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("Tag all shown tags the listed requests in one audit entry", "[ui][bulk-tag]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    test::buildQueryCase(c);
    std::set<int64_t> shown;
    {
        MainWindow w;
        w.setPersistLayout(false);
        w.resize(1366, 768);
        w.show();
        QString err;
        REQUIRE(openCaseAndWait(w, QString::fromStdString(c.path), 30000, &err));
        REQUIRE(selectEntityAndWait(w, QStringLiteral("acct-bot"), 30000));
        w.showView(MainWindow::View::Requests);
        int rows = -1;
        auto conn = QObject::connect(w.requests(), &RequestsView::indexLoaded, [&](int n) { rows = n; });
        w.requests()->setSearch(QStringLiteral("step"));
        REQUIRE(waitUntil([&] { return rows >= 0; }, 30000));
        QObject::disconnect(conn);
        REQUIRE(rows > 0);
        for (int i = 0; i < rows; ++i) shown.insert(w.requests()->model()->idAt(i));
        auto* button = w.requests()->findChild<QPushButton*>(QStringLiteral("tagAllShown"));
        REQUIRE(button);
        CHECK(button->isEnabled());

        w.requests()->tagAllShown(QStringLiteral("suspected"), QStringLiteral("bot prompts"));
        REQUIRE(waitUntil([&] { return w.tagStore()->tags().size() == shown.size(); }, 30000));
        std::set<int64_t> tagged;
        for (const auto& t : w.tagStore()->tags()) tagged.insert(t.target.requestRowId);
        CHECK(tagged == shown);
        w.session()->close();
    }
    auto db = store::openCase(c.path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto chain = evidence::loadAudit(*db);
    REQUIRE(chain.ok());
    CHECK(chain->back().action == "bulk-tag");
    CHECK(db->queryInt("SELECT count(*) FROM audit_log WHERE action IN ('tag', 'bulk-tag')").value() == 1);
}
