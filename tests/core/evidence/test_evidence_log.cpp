// siphon.evidence logs every audit entry at info level (off by default): who did what, and whether
// it is committed or waits for the caller's transaction.
#include "evidence/audit_log.h"
#include "log_capture.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonObject>

using namespace siphon;

TEST_CASE("evidence log: each audit entry is a line of siphon.evidence when its info is on", "[evidence][log]") {
    test::TempDir dir;
    auto db = store::openCase(dir.file("a.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    SECTION("off by default") {
        test::LogCapture capture{QString()};
        REQUIRE(evidence::appendAudit(*db, "ann", "tag", QJsonObject{{QStringLiteral("k"), 1}}).ok());
        CHECK(capture.texts("siphon.evidence").empty());
    }
    SECTION("info on") {
        test::LogCapture capture(QStringLiteral("siphon.evidence.info=true"));
        REQUIRE(evidence::appendAudit(*db, "ann", "tag", QJsonObject{{QStringLiteral("k"), 1}}).ok());
        {
            store::Transaction tx(*db);
            REQUIRE(tx.began().ok());
            REQUIRE(evidence::appendAudit(*db, "bob", "untag", QJsonObject{}).ok());
            REQUIRE(tx.commit().ok());
        }
        const auto t = capture.texts("siphon.evidence");
        REQUIRE(t.size() == 2);
        CHECK(t[0] == "audit entry 1 tag by ann committed");
        CHECK(t[1] == "audit entry 2 untag by bob written in the caller's transaction");
    }
}
