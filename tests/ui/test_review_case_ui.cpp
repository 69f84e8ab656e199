// Tracker 17, item 3: a portable review case opens with its evidence frozen. The status bar says it
// is a review case and that its hashes verified on open; import and analysis are refused with a
// reason; the reviewer can still tag. A review case whose bytes were altered says so instead.
#include "query_fixture.h"

#include "evidence/review_case.h"
#include "evidence/tags.h"
#include "main/automation.h"
#include "main/main_window.h"
#include "session/case_session.h"
#include "store/case_file.h"
#include "tags/tag_store.h"

#include <QLabel>
#include <QStandardPaths>
#include <QStatusBar>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

namespace {

// The query case with acct-bot tagged, cut into a review case next to it.
std::string cutReviewCase(test::QueryCase& c) {
    test::buildQueryCase(c);
    auto master = store::openCase(c.path, store::CaseAccess::Write);
    REQUIRE(master.ok());
    evidence::TagTarget bot;
    bot.entity = "acct-bot";
    REQUIRE(evidence::addTag(*master, bot, "suspected", "", "ann").ok());
    const std::string review = c.dir.file("review.siphon");
    REQUIRE(evidence::writeReviewCase(*master, {review, "ann"}).ok());
    return review;
}

QLabel* bannerOf(MainWindow& w) { return w.statusBar()->findChild<QLabel*>(QStringLiteral("readOnlyBanner")); }

bool openAndCheck(MainWindow& w, const std::string& path) {
    bool checked = false;
    auto conn = QObject::connect(w.session(), &CaseSession::reviewChecked, [&] { checked = true; });
    QString err;
    const bool opened = openCaseAndWait(w, QString::fromStdString(path), 30000, &err, CaseOpenMode::Existing);
    const bool done = opened && waitUntil([&] { return checked; }, 30000);
    QObject::disconnect(conn);
    return done;
}

} // namespace

TEST_CASE("a review case opens with frozen evidence and its hash check in the status bar", "[ui][review]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    const std::string review = cutReviewCase(c);
    MainWindow w;
    w.setPersistLayout(false);
    w.resize(1366, 768);
    w.show();
    REQUIRE(openAndCheck(w, review));
    CHECK(w.session()->isReviewCase());
    CHECK(w.session()->reviewCheck().ok());
    QLabel* banner = bannerOf(w);
    REQUIRE(banner);
    CHECK(banner->isVisible());
    CHECK(banner->text().contains(QStringLiteral("REVIEW CASE")));
    CHECK(banner->text().contains(QStringLiteral("200 records, hashes verified")));

    w.importFiles({});
    CHECK(w.statusBar()->currentMessage().contains(QStringLiteral("review case")));

    // The reviewer tags: audited in the review case.
    REQUIRE(waitUntil([&] { return w.tagStore()->loaded(); }, 20000));
    QString error = QStringLiteral("pending");
    evidence::TagTarget bot;
    bot.entity = "acct-bot";
    w.tagStore()->addTag(bot, QStringLiteral("confirmed extraction"), QStringLiteral("agree"),
                         [&](int64_t, QString e) { error = e; });
    REQUIRE(waitUntil([&] { return error != QStringLiteral("pending"); }, 20000));
    CHECK(error.isEmpty());
    if (qEnvironmentVariableIsSet("SIPHON_GRAB")) w.grab().save(qEnvironmentVariable("SIPHON_GRAB"));
    w.session()->close();
}

TEST_CASE("a review case whose record bytes changed says so when opened", "[ui][review]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    const std::string review = cutReviewCase(c);
    {
        auto raw = store::Database::open(review, store::OpenMode::ReadWrite);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("DROP TRIGGER review_frozen_request_raw_copy_UPDATE;"
                          "UPDATE request_raw_copy SET raw = CAST('forged' AS BLOB) WHERE request_id = "
                          "(SELECT min(request_id) FROM request_raw_copy)")
                    .ok());
    }
    MainWindow w;
    w.setPersistLayout(false);
    w.show();
    REQUIRE(openAndCheck(w, review));
    CHECK_FALSE(w.session()->reviewCheck().ok());
    CHECK(bannerOf(w)->text().contains(QStringLiteral("VERIFICATION FAILED")));
    w.session()->close();
}
