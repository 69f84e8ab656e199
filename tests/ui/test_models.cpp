#include "query_fixture.h"

#include "accounts/entity_table_model.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "requests/request_detail.h"
#include "requests/request_table_model.h"
#include "requests/requests_view.h"
#include "session/case_session.h"
#include "tags/tag_list_model.h"
#include "tags/tag_store.h"
#include "timeline/timeline_build.h"

#include <QAbstractItemModelTester>
#include <QStandardPaths>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("entity table model passes the model tester and pages rows in", "[ui][model]") {
    QStandardPaths::setTestModeEnabled(true);
    initResources();
    test::QueryCase c;
    test::buildQueryCase(c);
    CaseSession session;
    TagStore tags(&session);
    EntityTableModel model(&session, &tags);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    session.open(QString::fromStdString(c.path));
    QObject::connect(&session, &CaseSession::caseOpened, &model, &EntityTableModel::reload);
    REQUIRE(waitUntil([&] { return model.indexReady(); }, 20000));
    REQUIRE(model.rowCount() == 3);
    // Asking for data of an uncached row shows a placeholder and fetches its page.
    (void)model.data(model.index(0, EntityTableModel::Requests), Qt::DisplayRole);
    REQUIRE(waitUntil([&] { return model.rowData(0) != nullptr; }, 20000));
    model.sort(EntityTableModel::Requests, Qt::AscendingOrder);
    REQUIRE(waitUntil([&] { return model.indexReady() && model.entityAt(0) == "acct-small"; }, 20000));
    REQUIRE(waitUntil([&] { return model.data(model.index(0, EntityTableModel::Requests), Qt::DisplayRole).toString() == "3"; }, 20000));
    model.setFilter("bot");
    REQUIRE(waitUntil([&] { return model.indexReady() && model.rowCount() == 1; }, 20000));
    CHECK(model.entityAt(0) == "acct-bot");
}

TEST_CASE("request table and tag list models pass the model tester", "[ui][model]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    test::buildQueryCase(c);
    MainWindow w;
    w.setPersistLayout(false);
    QAbstractItemModelTester requestTester(w.requests()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    TagListModel tagList(w.tagStore());
    QAbstractItemModelTester tagTester(&tagList, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QString err;
    REQUIRE(openCaseAndWait(w, QString::fromStdString(c.path), 30000, &err));
    REQUIRE(selectEntityAndWait(w, "acct-human", 30000));
    auto* m = w.requests()->model();
    REQUIRE(waitUntil([&] { return m->rowCount() == 20; }, 20000));
    (void)m->data(m->index(19, RequestTableModel::Account), Qt::DisplayRole);
    REQUIRE(waitUntil([&] { return m->data(m->index(19, RequestTableModel::Account), Qt::DisplayRole).toString() == "acct-human"; }, 20000));
    // Hostile-looking content stays plain text in the detail pane.
    w.requests()->selectRow(0);
    REQUIRE(waitUntil([&] { return w.requests()->detail()->promptText() == "hello there"; }, 20000));
}

TEST_CASE("stacked chart geometry sums layers and counts buckets", "[ui][timeline]") {
    query::SeriesResult r;
    r.bucketUs = query::kHourUs;
    r.byModel = true;
    r.series = {{"m-a", {{0, 2, 0, 0}, {query::kHourUs, 1, 0, 0}}}, {"m-b", {{0, 3, 0, 0}}}};
    const auto chart = buildChart(r, Metric::Requests, 0, 2 * query::kHourUs, true);
    REQUIRE(chart.layers.size() == 2);
    CHECK(chart.maxY == 5);
    CHECK(chart.buckets == 3);
    CHECK(chart.layers[1].lower[0].y() == 2);   // m-b sits on top of m-a
    const auto overlay = buildChart(r, Metric::Requests, 0, 2 * query::kHourUs, false);
    CHECK(overlay.maxY == 3);
    const auto ticks = timeTicks(0, 86'400'000.0, 8);
    REQUIRE(ticks.size() >= 4);
    CHECK(ticks.front().label == "Jan 1");
}
