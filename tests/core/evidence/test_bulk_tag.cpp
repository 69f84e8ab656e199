#include "evidence_test_util.h"

#include "evidence/bulk_tag.h"
#include "evidence/case_integrity.h"
#include "evidence/tags.h"
#include "util/time_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <set>

using namespace siphon;

namespace {

int64_t count(const store::Database& db, const std::string& sql) {
    auto n = db.queryInt(sql);
    REQUIRE(n.ok());
    return *n;
}

std::vector<std::string> integrityProblems(const store::Database& db) {
    auto rep = evidence::checkCaseIntegrity(db);
    REQUIRE(rep.ok());
    for (const auto& p : rep->allProblems()) UNSCOPED_INFO(p);
    return rep->allProblems();
}

// The evidence case with its analysis run on the record, so the integrity check starts clean.
store::Database makeCase(const std::string& path) {
    auto db = test::makeEvidenceCase(path);
    REQUIRE(evidence::appendAudit(db, "test", "analyze",
                                  std::string(R"({"level":"account","run_id":1,"config_version":"test-config-1"})"))
                .ok());
    REQUIRE(integrityProblems(db).empty());
    return db;
}

evidence::BulkTagFilter dayOneStepByStep() {
    evidence::BulkTagFilter f;
    f.entity = "evil-1";
    f.fromUs = timeutil::parseIso8601("2026-01-05T00:00:00Z")->us;
    f.toUs = timeutil::parseIso8601("2026-01-06T00:00:00Z")->us;
    f.search = "step";
    return f;
}

// evil-1's requests on 2026-01-05 whose prompt has the word: what the filter must cover.
const char* kExpectedSql = "SELECT count(*) FROM request WHERE org_id = 'evil-1' AND ts_start_us >= 1767571200000000"
                           " AND ts_start_us < 1767657600000000 AND prompt_text LIKE '%step%'";

} // namespace

TEST_CASE("bulk tag: every request the filter matches, one audit entry listing them", "[evidence][bulk-tag]") {
    test::TempDir dir;
    auto db = makeCase(dir.file("c.siphon"));
    const int64_t expected = count(db, kExpectedSql);
    REQUIRE(expected > 0);
    REQUIRE(expected < count(db, "SELECT count(*) FROM request WHERE org_id = 'evil-1'"));
    const int64_t entriesBefore = count(db, "SELECT count(*) FROM audit_log");

    auto r = evidence::bulkTag(db, dayOneStepByStep(), "suspected", "templated day one", "ann");
    REQUIRE(r.ok());
    CHECK(static_cast<int64_t>(r->tags.size()) == expected);
    CHECK(count(db, "SELECT count(*) FROM audit_log") == entriesBefore + 1);
    // Exactly the matching requests, each tagged once.
    CHECK(count(db,
                std::string("SELECT count(*) FROM tag t JOIN request r ON r.id = t.request_row_id WHERE r.id IN (") +
                    "SELECT id FROM request WHERE org_id = 'evil-1' AND ts_start_us >= 1767571200000000"
                    " AND ts_start_us < 1767657600000000 AND prompt_text LIKE '%step%')") == expected);
    CHECK(count(db, "SELECT count(DISTINCT request_row_id) FROM tag") == expected);

    auto chain = evidence::loadAudit(db);
    REQUIRE(chain.ok());
    const auto& entry = chain->back();
    CHECK(entry.action == "bulk-tag");
    CHECK(entry.author == "ann");
    const QJsonObject p = QJsonDocument::fromJson(QByteArray::fromStdString(entry.payload)).object();
    CHECK(p.value(QStringLiteral("requests")).toInt() == expected);
    CHECK(p.value(QStringLiteral("filter")).toObject().value(QStringLiteral("search")).toString() ==
          QStringLiteral("step"));
    std::set<int64_t> listed;
    for (const auto& v : p.value(QStringLiteral("tags")).toArray())
        listed.insert(static_cast<int64_t>(v.toArray().at(1).toDouble()));
    std::set<int64_t> made;
    for (const auto& [tagId, requestId] : r->tags) made.insert(requestId);
    CHECK(listed == made);
    CHECK(integrityProblems(db).empty());

    // One of them withdrawn later is an ordinary untag.
    REQUIRE(evidence::untag(db, r->tags.front().first, "ann", "not templated after all").ok());
    CHECK(integrityProblems(db).empty());
}

TEST_CASE("bulk tag: nothing matched, nothing written, and rows must match their entry", "[evidence][bulk-tag]") {
    test::TempDir dir;
    auto db = makeCase(dir.file("c.siphon"));
    const int64_t entries = count(db, "SELECT count(*) FROM audit_log");
    auto none = dayOneStepByStep();
    none.search = "zzzznotaword";
    auto r = evidence::bulkTag(db, none, "suspected", "", "ann");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Usage);
    CHECK(count(db, "SELECT count(*) FROM tag") == 0);
    CHECK(count(db, "SELECT count(*) FROM audit_log") == entries);
    CHECK_FALSE(evidence::bulkTag(db, dayOneStepByStep(), "suspected", "", "").ok());
    CHECK_FALSE(evidence::bulkTag(db, dayOneStepByStep(), "no such label", "", "ann").ok());

    // Capped, never partial.
    CHECK(evidence::bulkTag(db, dayOneStepByStep(), "suspected", "", "ann", 5).error().code == ErrorCode::Usage);
    CHECK(count(db, "SELECT count(*) FROM tag") == 0);

    REQUIRE(evidence::bulkTag(db, dayOneStepByStep(), "suspected", "", "ann").ok());
    // A row changed behind the entry's back is named by the integrity check.
    REQUIRE(db.exec("UPDATE tag SET note = 'forged' WHERE id = (SELECT min(id) FROM tag)").ok());
    const auto problems = integrityProblems(db);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("differs from audit entry") != std::string::npos);
}
