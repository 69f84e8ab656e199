// Issue #13 (tracker 17), item 4: `siphon --read-only CASE` and File → Open read-only open the
// case for review: no writer is opened, the status bar says so, tagging and export are refused, and
// the case file is byte-for-byte unchanged afterwards. A file that is no case fails to open.
#include "query_fixture.h"

#include "main/automation.h"
#include "main/main_window.h"
#include "session/case_session.h"
#include "tags/tag_store.h"
#include "util/hash.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>

#include <catch2/catch.hpp>

#include <fstream>

using namespace siphon;
using namespace siphon::ui;

TEST_CASE("read-only review: nothing can change the case, and the status bar says so", "[ui][read-only]") {
    QStandardPaths::setTestModeEnabled(true);
    test::QueryCase c;
    test::buildQueryCase(c);
    const std::string before = sha256File(c.path);
    {
        MainWindow w;
        w.setPersistLayout(false);
        w.resize(1366, 768);
        w.show();
        QString err;
        REQUIRE(openCaseAndWait(w, QString::fromStdString(c.path), 30000, &err, CaseOpenMode::ReadOnly));
        CHECK_FALSE(w.session()->writable());
        CHECK(w.session()->readOnlyByChoice());
        auto* banner = w.statusBar()->findChild<QLabel*>(QStringLiteral("readOnlyBanner"));
        REQUIRE(banner);
        CHECK(banner->isVisible());
        CHECK(banner->text().contains(QStringLiteral("READ-ONLY REVIEW")));
        REQUIRE(waitUntil([&] { return w.tagStore()->loaded(); }, 20000));
        for (auto* b : w.findChildren<QPushButton*>())
            if (b->text().startsWith(QStringLiteral("Tag entity"))) CHECK_FALSE(b->isEnabled());

        // A tag attempted anyway (a shortcut, a script) fails and changes nothing.
        QString failed;
        QObject::connect(w.tagStore(), &TagStore::failed, [&](const QString& why) { failed = why; });
        evidence::TagTarget t;
        t.entity = "acct-bot";
        w.tagStore()->addTag(t, "suspected", "must not be written");
        REQUIRE(waitUntil([&] { return !failed.isEmpty(); }, 20000));
        CHECK(failed.contains(QStringLiteral("read-only")));
        CHECK(banner->isVisible());   // the failure message does not hide it
        if (qEnvironmentVariableIsSet("SIPHON_GRAB")) w.grab().save(qEnvironmentVariable("SIPHON_GRAB"));
        w.session()->close();
    }
    CHECK(sha256File(c.path) == before);
}

TEST_CASE("read-only open of a file that is no case fails with the reason", "[ui][read-only]") {
    test::TempDir dir;
    const std::string junk = dir.file("junk.siphon");
    std::ofstream(junk) << "not a database\n";
    CaseSession session;   // the session alone: MainWindow would show the reason in a modal box
    QSignalSpy failed(&session, &CaseSession::openFailed);
    QSignalSpy opened(&session, &CaseSession::caseOpened);
    session.open(QString::fromStdString(junk), CaseOpenMode::ReadOnly);
    REQUIRE(waitUntil([&] { return failed.count() == 1; }, 20000));
    CHECK(failed.front().at(1).toString().contains(QStringLiteral("not a Siphon case")));
    CHECK(opened.count() == 0);
    CHECK_FALSE(session.isOpen());
}
