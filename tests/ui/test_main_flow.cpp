#include "query_fixture.h"

#include "evidence/tags.h"
#include "heatmap/heatmap_view.h"
#include "heatmap/heatmap_widget.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "main/screenshot.h"
#include "network/network_view.h"
#include "session/case_session.h"
#include "store/case_file.h"
#include "tags/tag_list_model.h"
#include "tags/tag_panel.h"
#include "tags/tag_store.h"
#include "timeline/timeline_view.h"

#include <QFileInfo>
#include <QImage>
#include <QStandardPaths>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("open case -> top entity -> timeline buckets -> range -> tag -> tag panel and case", "[ui][flow]") {
    QStandardPaths::setTestModeEnabled(true);
    initResources();
    test::QueryCase c;
    test::buildQueryCase(c);
    MainWindow w;
    w.setPersistLayout(false);
    w.resize(1280, 800);
    w.show();
    QString err;
    REQUIRE(openCaseAndWait(w, QString::fromStdString(c.path), 30000, &err));
    REQUIRE(selectEntityAndWait(w, {}, 30000));
    // The top entity by score is the bot (200 requests, machine-regular).
    CHECK(w.session()->selection().entity() == "acct-bot");

    w.showView(MainWindow::View::Timeline);
    REQUIRE(waitUntil([&] { return w.timeline()->bucketCount() > 0; }, 20000));
    int64_t total = 0;
    for (const auto& layer : w.timeline()->chartData().layers) total += static_cast<int64_t>(layer.total);
    CHECK(total == 200);

    // Heatmap and network follow the selection.
    REQUIRE(waitUntil([&] { return w.heatmap()->heatmap()->rows() == 7; }, 20000));
    double cells = 0;
    for (int r = 0; r < 7; ++r)
        for (int h = 0; h < 24; ++h) cells += w.heatmap()->heatmap()->cell(r, h);
    CHECK(cells == 200);
    CHECK(w.network()->nodeCount() >= 1);

    const int64_t t0 = 1767571200LL * 1'000'000;
    w.timeline()->selectRange(t0, t0 + 6 * 3'600'000'000LL);
    REQUIRE(w.session()->selection().range().has_value());
    REQUIRE(waitUntil([&] { return w.tagStore()->loaded(); }, 20000));
    w.timeline()->tagSelection("suspected", "burst at start");
    REQUIRE(waitUntil([&] { return w.tagPanel()->model()->rowCount() == 1; }, 20000));
    const auto* tag = w.tagPanel()->model()->tagAt(0);
    REQUIRE(tag);
    CHECK(tag->target.kind == evidence::TargetKind::Range);
    CHECK(tag->target.entity == "acct-bot");
    CHECK(tag->target.fromUs == t0);
    // The timeline shades it.
    CHECK(w.tagStore()->rangesFor(EntityLevel::Account, {"acct-bot"}).size() == 1);

    // And the case holds it (read through a separate connection).
    auto db = store::openCase(c.path, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto tags = evidence::listTags(*db);
    REQUIRE(tags.ok());
    REQUIRE(tags->size() == 1);
    CHECK(tags->front().label.name == "suspected");
    CHECK(tags->front().note == "burst at start");

    // Undo removes it (an untag, kept in the audit log).
    REQUIRE(w.tagStore()->undoLast());
    REQUIRE(waitUntil([&] { return w.tagPanel()->model()->rowCount() == 0; }, 20000));
}

TEST_CASE("network clicks select the entity everywhere", "[ui][flow]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    test::buildQueryCase(c);
    MainWindow w;
    w.setPersistLayout(false);
    REQUIRE(openCaseAndWait(w, QString::fromStdString(c.path), 30000));
    REQUIRE(selectEntityAndWait(w, "acct-small", 30000));
    REQUIRE(waitUntil([&] { return w.network()->nodeCount() >= 1; }, 20000));
    w.network()->clickNode(0);
    CHECK_FALSE(w.session()->selection().entity().isEmpty());
}

TEST_CASE("screenshot renders a view to a 1280x800 PNG", "[ui][screenshot]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    test::buildQueryCase(c);
    ScreenshotRequest req;
    req.casePath = QString::fromStdString(c.path);
    req.out = QString::fromStdString(c.dir.file("heatmap.png"));
    req.view = "heatmap";
    REQUIRE(renderScreenshot(req).isEmpty());
    QImage img(req.out);
    CHECK(img.width() == 1280);
    CHECK(img.height() == 800);
    req.view = "nonsense";
    CHECK(renderScreenshot(req).startsWith("usage"));
}
