// CaseSession's and Selection's signals are real: tagsChanged is emitted when tags change (and
// reloads the TagStore), requestChanged drives the request detail and the requests tab, and the
// status bar's "working…" follows busyChanged instead of a polling timer.
#include "query_fixture.h"

#include "main/automation.h"
#include "main/main_window.h"
#include "requests/request_detail.h"
#include "requests/request_table_model.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "tags/tag_store.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

namespace {

struct OpenWindow {
    test::QueryCase c;
    MainWindow w;
    OpenWindow() {
        QStandardPaths::setTestModeEnabled(true);
        test::buildQueryCase(c);
        w.setPersistLayout(false);
        w.resize(1280, 800);
        w.show();
    }
};

} // namespace

TEST_CASE("session: adding or withdrawing a tag emits tagsChanged, which reloads the tag store", "[ui][signals]") {
    OpenWindow o;
    REQUIRE(openCaseAndWait(o.w, QString::fromStdString(o.c.path), 30000));
    REQUIRE(waitUntil([&] { return o.w.tagStore()->loaded(); }, 20000));
    QSignalSpy tagsChanged(o.w.session(), &CaseSession::tagsChanged);
    QSignalSpy storeChanged(o.w.tagStore(), &TagStore::changed);
    evidence::TagTarget t;
    t.entity = "acct-bot";
    o.w.tagStore()->addTag(t, "suspected", "signal test");
    REQUIRE(waitUntil([&] { return tagsChanged.count() == 1 && storeChanged.count() >= 1; }, 20000));
    CHECK(o.w.tagStore()->labelsFor(EntityLevel::Account, "acct-bot") == QStringList{"suspected"});

    REQUIRE(o.w.tagStore()->undoLast());
    REQUIRE(waitUntil([&] { return tagsChanged.count() == 2; }, 20000));
    REQUIRE(waitUntil([&] { return o.w.tagStore()->labelsFor(EntityLevel::Account, "acct-bot").isEmpty(); }, 20000));

    // Any writer of tags announces through the session; the store reloads on its own.
    const int before = storeChanged.count();
    o.w.session()->notifyTagsChanged();
    REQUIRE(waitUntil([&] { return storeChanged.count() > before; }, 20000));
}

TEST_CASE("selection: requestChanged shows the request's detail and the requests tab", "[ui][signals]") {
    OpenWindow o;
    REQUIRE(openCaseAndWait(o.w, QString::fromStdString(o.c.path), 30000));
    REQUIRE(selectEntityAndWait(o.w, "acct-human", 30000));
    o.w.showView(MainWindow::View::Requests);
    REQUIRE(waitUntil([&] { return o.w.requests()->model()->rowCount() > 1; }, 20000));
    const int64_t id = o.w.requests()->model()->idAt(1);
    REQUIRE(id > 0);
    o.w.showView(MainWindow::View::Timeline);
    QSignalSpy loaded(o.w.requests()->detail(), &RequestDetail::loaded);
    // As a request tag in the tag panel does: set the request on the selection only.
    o.w.session()->selection().setRequest(id);
    REQUIRE(waitUntil([&] { return loaded.count() == 1; }, 20000));
    CHECK(loaded.at(0).at(0).toLongLong() == id);
    CHECK(o.w.requests()->isVisibleTo(&o.w)); // its tab is the current one
    CHECK_FALSE(o.w.requests()->detail()->promptText().isEmpty());

    // Choosing a row sets the selection (and so the detail).
    o.w.requests()->selectRow(0);
    CHECK(o.w.session()->selection().requestId() == o.w.requests()->model()->idAt(0));
    REQUIRE(waitUntil([&] { return loaded.count() == 2; }, 20000));
}

TEST_CASE("session: busyChanged goes true then false around work; the window polls no timer", "[ui][signals]") {
    OpenWindow o;
    QSignalSpy busy(o.w.session(), &CaseSession::busyChanged);
    REQUIRE(openCaseAndWait(o.w, QString::fromStdString(o.c.path), 30000));
    REQUIRE(
        waitUntil([&] { return o.w.session()->busy() == 0 && !busy.isEmpty() && !busy.last().at(0).toBool(); }, 20000));
    REQUIRE(busy.count() >= 2);
    CHECK(busy.first().at(0).toBool());
    for (int i = 1; i < busy.count(); ++i)
        CHECK(busy.at(i).at(0).toBool() != busy.at(i - 1).at(0).toBool()); // transitions only
    for (const auto* timer : o.w.findChildren<QTimer*>()) {
        INFO("timer interval " << timer->interval());
        CHECK_FALSE((timer->isActive() && timer->interval() == 250));
    }
}
