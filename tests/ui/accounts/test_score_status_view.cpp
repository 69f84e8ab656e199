// Issue #9 (tracker 13), Medium: the accounts view showed every score as 0 in a case never
// analysed, and after new imports listed only the entities analysed earlier, without a word. It
// now says the scores are missing or stale, and says nothing when they are current.
#include "accounts/accounts_view.h"
#include "main/automation.h"
#include "session/case_session.h"
#include "tags/tag_store.h"
#include "test_paths.h"

#include <QLabel>
#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace siphon;
using namespace siphon::ui;

namespace {

std::string rec(const char* account, const char* id) {
    return std::string("{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"") + account +
           "\",\"request_id\":\"" + id + "\",\"input_tokens\":3,\"output_tokens\":1}\n";
}

// Opens the case in a fresh view and returns the warning it shows once the index has loaded.
QString statusShown(const std::string& casePath) {
    CaseSession session;
    TagStore tags(&session);
    AccountsView view(&session, &tags);
    QSignalSpy shown(&view, &AccountsView::scoreStatusShown);
    session.open(QString::fromStdString(casePath));
    REQUIRE(waitUntil([&] { return shown.count() > 0; }, 30000));
    CHECK(view.scoreStatus()->isHidden() == shown.last().at(0).toString().isEmpty());
    return shown.last().at(0).toString();
}

} // namespace

TEST_CASE("accounts view says when scores are missing, stale or current", "[ui][accounts][integrity]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::writeFile(dir.file("a.jsonl"), rec("acct-a", "r1") + rec("acct-b", "r2"));
    test::writeFile(dir.file("b.jsonl"), rec("acct-new", "r3"));
    REQUIRE(test::runCli({"import", c, dir.file("a.jsonl")}).exitCode == 0);

    const QString missing = statusShown(c);
    CHECK(missing.startsWith(QStringLiteral("Scores missing")));
    CHECK(missing.contains(QStringLiteral("account level has not been analysed")));

    REQUIRE(test::runCli({"analyze", c, "--level", "account"}).exitCode == 0);
    CHECK(statusShown(c).isEmpty());

    REQUIRE(test::runCli({"import", c, dir.file("b.jsonl")}).exitCode == 0);
    const QString stale = statusShown(c);
    CHECK(stale.startsWith(QStringLiteral("Scores stale: 1 file(s) imported since the account level was analysed")));
}
