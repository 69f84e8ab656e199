#include "evidence_test_util.h"

#include "evidence/evidence_set.h"
#include "evidence/tags.h"
#include "util/time_util.h"

using namespace siphon;

TEST_CASE("default labels exist with colours and descriptions", "[evidence][tags]") {
    test::TempDir dir;
    auto db = store::openCase(dir.file("c.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    auto labels = evidence::listLabels(*db);
    REQUIRE(labels.ok());
    std::vector<std::string> names;
    for (const auto& l : *labels) {
        names.push_back(l.name);
        CHECK(l.colour.size() == 7);
        CHECK_FALSE(l.description.empty());
    }
    CHECK(names == std::vector<std::string>{"confirmed extraction", "suspected", "benign — explained", "needs review", "exhibit"});
}

TEST_CASE("tags on entities, requests, ranges and clusters; untag is recorded", "[evidence][tags]") {
    test::TempDir dir;
    auto db = test::makeEvidenceCase(dir.file("c.siphon"));
    evidence::TagTarget ent{evidence::TargetKind::Entity, EntityLevel::Account, "evil-1"};
    auto t1 = evidence::addTag(db, ent, "confirmed extraction", "looks templated", "ann");
    REQUIRE(t1.ok());
    auto t2 = evidence::addTag(db, ent, "needs review", "", "bob");   // several tags per target
    REQUIRE(t2.ok());
    evidence::TagTarget req;
    req.kind = evidence::TargetKind::Request;
    req.requestRowId = 1;
    REQUIRE(evidence::addTag(db, req, "exhibit", "", "ann").ok());
    evidence::TagTarget range{evidence::TargetKind::Range, EntityLevel::Account, "acme"};
    range.fromUs = timeutil::parseIso8601("2026-01-05T00:00:00Z")->us;
    range.toUs = timeutil::parseIso8601("2026-01-06T00:00:00Z")->us;
    REQUIRE(evidence::addTag(db, range, "benign — explained", "", "ann").ok());
    evidence::TagTarget cl;
    cl.kind = evidence::TargetKind::Cluster;
    cl.clusterId = 1;
    REQUIRE(evidence::addTag(db, cl, "suspected", "", "ann").ok());

    // Unknown label, missing target, empty author, backwards range: refused, nothing written.
    CHECK(evidence::addTag(db, ent, "nope", "", "ann").error().code == ErrorCode::Usage);
    evidence::TagTarget ghost{evidence::TargetKind::Entity, EntityLevel::Account, "no-such-account"};
    CHECK_FALSE(evidence::addTag(db, ghost, "suspected", "", "ann").ok());
    CHECK_FALSE(evidence::addTag(db, ent, "suspected", "", "").ok());
    auto back = range;
    std::swap(back.fromUs, back.toUs);
    CHECK_FALSE(evidence::addTag(db, back, "suspected", "", "ann").ok());

    REQUIRE(evidence::untag(db, t2->id, "bob", "duplicate").ok());
    CHECK_FALSE(evidence::untag(db, t2->id, "bob").ok());   // already removed
    REQUIRE(evidence::addTagNote(db, t1->id, "confirmed with provider", "carol").ok());

    auto all = evidence::listTags(db);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 5);
    CHECK((*all)[1].removedBy == "bob");
    CHECK_FALSE((*all)[1].active());
    CHECK((*all)[0].notes.size() == 1);
    auto active = evidence::listTags(db, {false});
    CHECK(active->size() == 4);

    auto audit = evidence::loadAudit(db);
    REQUIRE(audit.ok());
    std::vector<std::string> actions;
    for (const auto& e : *audit) actions.push_back(e.action);
    // The import appended its own entries (if any) before ours; the last seven are ours.
    REQUIRE(actions.size() >= 7);
    CHECK(std::vector<std::string>(actions.end() - 7, actions.end()) ==
          std::vector<std::string>{"tag", "tag", "tag", "tag", "tag", "untag", "note"});
    CHECK(evidence::verifyAuditChain(*audit).ok);
}

TEST_CASE("collectEvidence gathers the records of each kind of tag", "[evidence][tags]") {
    test::TempDir dir;
    auto db = test::makeEvidenceCase(dir.file("c.siphon"));
    REQUIRE(evidence::addTag(db, {evidence::TargetKind::Entity, EntityLevel::Account, "evil-1"}, "suspected", "", "a").ok());
    evidence::TagTarget range{evidence::TargetKind::Range, EntityLevel::Account, "acme"};
    range.fromUs = timeutil::parseIso8601("2026-01-05T00:00:00Z")->us;
    range.toUs = timeutil::parseIso8601("2026-01-06T00:00:00Z")->us;
    REQUIRE(evidence::addTag(db, range, "suspected", "", "a").ok());
    evidence::TagTarget cl;
    cl.kind = evidence::TargetKind::Cluster;
    cl.clusterId = 1;
    REQUIRE(evidence::addTag(db, cl, "suspected", "", "a").ok());

    auto set = evidence::collectEvidence(db);
    REQUIRE(set.ok());
    REQUIRE(set->exhibits.size() == 3);
    const auto& e1 = set->exhibits[0];
    CHECK(e1.number == "EX-001");
    CHECK(e1.records.size() == static_cast<size_t>(db.queryInt("SELECT count(*) FROM request WHERE org_id='evil-1'").value()));
    CHECK(e1.findings.at(0).scored);
    CHECK(e1.findings.at(0).reasons.size() == 2);
    CHECK_FALSE(e1.series.empty());
    CHECK_FALSE(e1.records.front().raw.empty());
    CHECK(e1.records.front().sourceSha256.size() == 64);
    CHECK(e1.records.front().line >= 2);
    // acme logs every 6 hours at :30; [Jan 5, Jan 6) holds 4 of them.
    CHECK(set->exhibits[1].records.size() == 4);
    for (const auto& r : set->exhibits[1].records) CHECK(r.tsUs < range.toUs);
    CHECK(set->exhibits[2].records.size() ==
          static_cast<size_t>(db.queryInt("SELECT count(*) FROM request WHERE org_id IN ('evil-1','evil-2')").value()));
    CHECK(set->exhibits[2].findings.size() == 2);
    CHECK(set->analysis.present);
    CHECK(set->analysis.configVersion == "test-config-1");
}
