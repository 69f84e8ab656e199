// Issue #9 (tracker 13), Medium: the GUI hung for 120 s on a file that is no case (truncated,
// empty, another program's file) instead of saying why. Opening fails fast with the cause, and the
// file is left as it was.
#include "main/automation.h"
#include "session/case_session.h"
#include "test_paths.h"

#include <QElapsedTimer>
#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace siphon;
using namespace siphon::ui;

namespace {

// The openFailed message for the path, or an empty string when the case opened or nothing came.
QString openFailure(const std::string& path, qint64& elapsedMs) {
    CaseSession session;
    QSignalSpy failed(&session, &CaseSession::openFailed);
    QSignalSpy opened(&session, &CaseSession::caseOpened);
    QElapsedTimer clock;
    clock.start();
    session.open(QString::fromStdString(path));
    waitUntil([&] { return failed.count() + opened.count() > 0; }, 30000);
    elapsedMs = clock.elapsed();
    return failed.isEmpty() ? QString() : failed.first().at(1).toString();
}

} // namespace

TEST_CASE("the GUI refuses a file that is no case quickly and says why", "[ui][store][integrity]") {
    test::TempDir dir;
    struct Case {
        const char* name;
        std::string bytes;
        const char* cause;
    };
    for (const Case& c : {Case{"empty.siphon", "", "empty"},
                          Case{"notes.siphon", std::string(8192, 'x'), "not a Siphon case"}}) {
        const std::string path = dir.file(c.name);
        test::writeFile(path, c.bytes);
        qint64 ms = 0;
        const QString message = openFailure(path, ms);
        INFO(c.name << ": " << message.toStdString() << " after " << ms << " ms");
        CHECK(message.contains(QString::fromLatin1(c.cause)));
        CHECK(ms < 10000);   // the lock wait is 5 s at most; the old hang was 120 s
        CHECK(test::readFile(path) == c.bytes);
    }
}
