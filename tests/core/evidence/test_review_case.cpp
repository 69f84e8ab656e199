#include "evidence_test_util.h"

#include "evidence/case_integrity.h"
#include "evidence/evidence_set.h"
#include "evidence/review_case.h"
#include "evidence/review_merge.h"
#include "evidence/review_verify.h"
#include "evidence/tags.h"
#include "ingest/importer.h"
#include "util/time_util.h"

using namespace siphon;

namespace {

// The evidence case, its analysis run on the record, with an entity, a request and a range tagged.
store::Database makeTaggedMaster(const std::string& path) {
    auto db = test::makeEvidenceCase(path);
    REQUIRE(evidence::appendAudit(db, "test", "analyze",
                                  std::string(R"({"level":"account","run_id":1,"config_version":"test-config-1"})"))
                .ok());
    REQUIRE(evidence::addTag(db, {evidence::TargetKind::Entity, EntityLevel::Account, "evil-1"}, "suspected", "", "ann")
                .ok());
    evidence::TagTarget req;
    req.kind = evidence::TargetKind::Request;
    auto acme = db.queryInt("SELECT min(id) FROM request WHERE org_id = 'acme'");
    REQUIRE(acme.ok());
    REQUIRE(*acme > 0);
    req.requestRowId = *acme;
    REQUIRE(evidence::addTag(db, req, "exhibit", "odd one", "ann").ok());
    return db;
}

evidence::ReviewCaseSummary cut(store::Database& master, const std::string& out) {
    auto sum = evidence::writeReviewCase(master, {out, "ann"});
    REQUIRE(sum.ok());
    return *sum;
}

int64_t count(const store::Database& db, const char* sql) {
    auto n = db.queryInt(sql);
    REQUIRE(n.ok());
    return *n;
}

std::vector<std::string> actionsAfter(const store::Database& db, int64_t seq) {
    auto chain = evidence::loadAudit(db);
    REQUIRE(chain.ok());
    std::vector<std::string> out;
    for (const auto& e : *chain)
        if (e.seq > seq) out.push_back(e.action + " by " + e.author);
    return out;
}

void requireIntegrity(const store::Database& db) {
    auto rep = evidence::checkCaseIntegrity(db);
    REQUIRE(rep.ok());
    for (const auto& p : rep->allProblems()) UNSCOPED_INFO(p);
    CHECK(rep->ok());
}

} // namespace

TEST_CASE("a review case holds only the tagged records, with their bytes, and verifies", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    const int64_t evil1 = count(master, "SELECT count(*) FROM request WHERE org_id = 'evil-1'");
    REQUIRE(evil1 > 0);
    const auto sum = cut(master, dir.file("r.siphon"));
    CHECK(sum.origin.records == evil1 + 1);
    CHECK(sum.tags == 2);

    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Write);
    REQUIRE(review.ok());
    CHECK(count(*review, "SELECT count(*) FROM request") == evil1 + 1);
    CHECK(count(*review, "SELECT count(*) FROM request WHERE org_id = 'acme'") == 1);
    // Raw bytes travel with the case: no source blocks, every record readable and the same.
    CHECK(count(*review, "SELECT count(*) FROM source_block") == 0);
    CHECK(count(*review, "SELECT count(*) FROM request_raw WHERE raw IS NULL") == 0);
    CHECK(count(*review, "SELECT count(*) FROM source_file") == count(master, "SELECT count(*) FROM source_file"));
    auto check = evidence::verifyReviewCase(*review);
    REQUIRE(check.ok());
    CHECK(check->reviewCase);
    CHECK(check->ok());
    CHECK(check->recordsChecked == evil1 + 1);
    CHECK(check->sentence() == "review case of m.siphon: " + std::to_string(evil1 + 1) + " records, hashes verified");
    requireIntegrity(*review);
    requireIntegrity(master);
    // The master's chain records the cut; the review case's continues from the same head.
    CHECK(actionsAfter(master, sum.origin.cutSeq) == std::vector<std::string>{"review-case-export by ann"});
    CHECK(actionsAfter(*review, sum.origin.cutSeq) == std::vector<std::string>{"review-case by ann"});
    // An ordinary case is not a review case.
    auto plain = evidence::verifyReviewCase(master);
    REQUIRE(plain.ok());
    CHECK_FALSE(plain->reviewCase);
}

TEST_CASE("a review case refuses every change to its evidence, and takes tags and notes", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    cut(master, dir.file("r.siphon"));
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Write);
    REQUIRE(review.ok());
    for (const char* sql :
         {"UPDATE request SET input_tokens = 1", "DELETE FROM request",
          "INSERT INTO request SELECT * FROM request LIMIT 1", "UPDATE request_raw_copy SET raw = x'00'",
          "DELETE FROM source_file", "UPDATE source_file SET sha256 = 'x'", "DELETE FROM entity_score",
          "INSERT INTO analysis_run(level, started_at_us, config_version, config_json) VALUES (0, 1, 'x', '{}')",
          "UPDATE review_record SET sha256 = 'x'", "DELETE FROM review_origin", "DELETE FROM entity"}) {
        INFO(sql);
        auto s = review->exec(sql);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("review case: evidence is read-only") != std::string::npos);
    }
    CHECK(count(*review, "SELECT count(*) FROM request") > 0);
    // An import is refused before it reads a byte, and by the triggers if it got that far.
    CHECK(evidence::refuseInReviewCase(*review, "import").error().code == ErrorCode::ReadOnly);
    CHECK(evidence::refuseInReviewCase(master, "import").ok());
    const int64_t before = count(*review, "SELECT count(*) FROM request");
    auto imp = ingest::importFiles(*review, {test::fixture("generic_jsonl/events.jsonl")}, ingest::ImportOptions{});
    CHECK_FALSE(imp.ok());
    CHECK(count(*review, "SELECT count(*) FROM request") == before);
    // Tags and notes are the reviewer's to add, audited in the review case's chain.
    auto t = evidence::addTag(*review, {evidence::TargetKind::Entity, EntityLevel::Account, "evil-1"},
                              "confirmed extraction", "agree", "rita");
    REQUIRE(t.ok());
    REQUIRE(evidence::addTagNote(*review, 1, "seen", "rita").ok());
    requireIntegrity(*review);
    auto check = evidence::verifyReviewCase(*review);
    REQUIRE(check.ok());
    CHECK(check->ok());
}

TEST_CASE("a review case whose record bytes were altered fails its check", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    cut(master, dir.file("r.siphon"));
    {
        auto raw = store::Database::open(dir.file("r.siphon"), store::OpenMode::ReadWrite);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("DROP TRIGGER review_frozen_request_raw_copy_UPDATE;"
                          "UPDATE request_raw_copy SET raw = CAST('forged' AS BLOB)"
                          " WHERE request_id = (SELECT min(id) FROM request WHERE org_id = 'acme')")
                    .ok());
    }
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Read);
    REQUIRE(review.ok());
    auto check = evidence::verifyReviewCase(*review);
    REQUIRE(check.ok());
    CHECK_FALSE(check->ok());
    CHECK(check->sentence().find("VERIFICATION FAILED: record #") != std::string::npos);
    auto merge = evidence::mergeReview(master, *review, "ann");
    REQUIRE_FALSE(merge.ok());
    CHECK(merge.error().code == ErrorCode::Verify);
}

TEST_CASE("merge-review brings the reviewer's tags and notes back, once", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    const auto sum = cut(master, dir.file("r.siphon"));
    {
        auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Write);
        REQUIRE(review.ok());
        auto t = evidence::addTag(*review, {evidence::TargetKind::Entity, EntityLevel::Account, "evil-1"},
                                  "confirmed extraction", "agree", "rita");
        REQUIRE(t.ok());
        REQUIRE(evidence::addTagNote(*review, t->id, "checked 20 records", "rita").ok());
        REQUIRE(evidence::untag(*review, 2, "rita", "not relevant").ok());
    }
    // The master moves on meanwhile: a tag of its own takes the id the reviewer's tag had.
    REQUIRE(evidence::addTag(master, {evidence::TargetKind::Entity, EntityLevel::Account, "acme"}, "needs review", "",
                             "ann")
                .ok());
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Read);
    REQUIRE(review.ok());
    auto merged = evidence::mergeReview(master, *review, "ann");
    REQUIRE(merged.ok());
    CHECK(merged->merged == 3);
    CHECK(merged->conflicts.empty());
    auto tags = evidence::listTags(master);
    REQUIRE(tags.ok());
    REQUIRE(tags->size() == 4);
    const evidence::Tag& ritas = tags->back();
    CHECK(ritas.author == "rita");
    CHECK(ritas.label.name == "confirmed extraction");
    REQUIRE(ritas.notes.size() == 1);
    CHECK(ritas.notes[0].note == "checked 20 records");
    CHECK((*tags)[1].removedBy == "rita");
    CHECK(actionsAfter(master, sum.origin.cutSeq + 2) ==
          std::vector<std::string>{"tag by rita", "note by rita", "untag by rita", "merge-review by ann"});
    auto chain = evidence::loadAudit(master);
    REQUIRE(chain.ok());
    const std::string tagPayload = (*chain)[chain->size() - 4].payload;
    CHECK(tagPayload.find("\"review_id\":\"" + sum.origin.reviewId + "\"") != std::string::npos);
    CHECK(tagPayload.find("\"merged_by\":\"ann\"") != std::string::npos);
    requireIntegrity(master);
    requireIntegrity(*review);

    // Again: nothing new, no entry.
    const int64_t entries = count(master, "SELECT count(*) FROM audit_log");
    auto again = evidence::mergeReview(master, *review, "ann");
    REQUIRE(again.ok());
    CHECK(again->merged == 0);
    CHECK(again->alreadyMerged == 3);
    CHECK(count(master, "SELECT count(*) FROM audit_log") == entries);
    CHECK(count(master, "SELECT count(*) FROM tag") == 4);
}

TEST_CASE("merge-review lists conflicts and leaves them out", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    cut(master, dir.file("r.siphon"));
    {
        auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Write);
        REQUIRE(review.ok());
        REQUIRE(evidence::addTagNote(*review, 1, "keep this", "rita").ok()); // master removes tag 1
        REQUIRE(evidence::untag(*review, 2, "rita", "drop").ok()); // master notes tag 2
    }
    REQUIRE(evidence::untag(master, 1, "ann", "wrong account").ok());
    REQUIRE(evidence::addTagNote(master, 2, "important", "ann").ok());
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Read);
    REQUIRE(review.ok());
    auto merged = evidence::mergeReview(master, *review, "ann");
    REQUIRE(merged.ok());
    CHECK(merged->merged == 0);
    REQUIRE(merged->conflicts.size() == 2);
    CHECK(merged->conflicts[0].action == "note");
    CHECK(merged->conflicts[0].tagId == 1);
    CHECK(merged->conflicts[0].reason.find("the master changed tag 1 after the cut") != std::string::npos);
    CHECK(merged->conflicts[1].action == "untag");
    CHECK(merged->conflicts[1].tagId == 2);
    // Nothing was resolved: tag 2 is still active with only the master's note; tag 1 has no note.
    auto tags = evidence::listTags(master);
    REQUIRE(tags.ok());
    CHECK((*tags)[1].active());
    CHECK((*tags)[0].notes.empty());
    // The conflicts are on the record once; a second merge adds nothing.
    const int64_t entries = count(master, "SELECT count(*) FROM audit_log");
    CHECK(count(master, "SELECT count(*) FROM audit_log WHERE action = 'merge-review'") == 1);
    auto again = evidence::mergeReview(master, *review, "ann");
    REQUIRE(again.ok());
    CHECK(again->conflicts.size() == 2);
    CHECK(count(master, "SELECT count(*) FROM audit_log") == entries);
    requireIntegrity(master);
}

TEST_CASE("merge-review refuses a review case cut from another master", "[evidence][review]") {
    test::TempDir dir;
    auto master = makeTaggedMaster(dir.file("m.siphon"));
    auto other = makeTaggedMaster(dir.file("o.siphon"));
    cut(other, dir.file("r.siphon"));
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Read);
    REQUIRE(review.ok());
    auto merged = evidence::mergeReview(master, *review, "ann");
    REQUIRE_FALSE(merged.ok());
    CHECK(merged.error().code == ErrorCode::Verify);
    CHECK(merged.error().message.find("not cut from this master") != std::string::npos);
    // And a plain case is no review case.
    auto plain = evidence::mergeReview(master, other, "ann");
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().code == ErrorCode::Usage);
}

TEST_CASE("a review case keeps a joined call's second record, hashed with it", "[evidence][review]") {
    test::TempDir dir;
    auto master = store::openCase(dir.file("m.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(master.ok());
    REQUIRE(ingest::importFiles(*master, {test::fixture("bedrock_join")}, ingest::ImportOptions{}).ok());
    REQUIRE(count(*master, "SELECT count(*) FROM request_join") > 0);
    evidence::TagTarget account{evidence::TargetKind::Entity, EntityLevel::Account, "111122223333"};
    REQUIRE(evidence::addTag(*master, account, "suspected", "", "ann").ok());
    const auto sum = cut(*master, dir.file("r.siphon"));
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Write);
    REQUIRE(review.ok());
    const int64_t joined = count(*review, "SELECT count(*) FROM request_join");
    CHECK(joined ==
          count(*master,
                "SELECT count(*) FROM request_join j JOIN request r ON r.id = j.request_id"
                " WHERE r.org_id = '111122223333'"));
    CHECK(joined > 0);
    CHECK(count(*review, "SELECT count(*) FROM request_join WHERE raw_copy IS NULL") == 0);
    CHECK(count(*review, "SELECT count(*) FROM review_record WHERE joined_sha256 IS NOT NULL") == joined);
    auto check = evidence::verifyReviewCase(*review);
    REQUIRE(check.ok());
    CHECK(check->ok());
    CHECK(check->recordsChecked == sum.origin.records);
    // The joined record's bytes are part of what is checked.
    {
        auto raw = store::Database::open(dir.file("r.siphon"), store::OpenMode::ReadWrite);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("DROP TRIGGER review_frozen_request_join_UPDATE;"
                          "UPDATE request_join SET raw_copy = CAST('forged' AS BLOB)"
                          " WHERE request_id = (SELECT min(request_id) FROM request_join)")
                    .ok());
    }
    auto again = evidence::verifyReviewCase(*review);
    REQUIRE(again.ok());
    CHECK_FALSE(again->ok());
}

TEST_CASE("a review case of a cluster holds its members' records, scores and the cluster", "[evidence][review]") {
    test::TempDir dir;
    auto master = test::makeEvidenceCase(dir.file("m.siphon"));
    REQUIRE(evidence::appendAudit(master, "test", "analyze",
                                  std::string(R"({"level":"account","run_id":1,"config_version":"test-config-1"})"))
                .ok());
    evidence::TagTarget cl;
    cl.kind = evidence::TargetKind::Cluster;
    cl.clusterId = 1;
    REQUIRE(evidence::addTag(master, cl, "suspected", "", "ann").ok());
    const auto sum = cut(master, dir.file("r.siphon"));
    const int64_t members = count(master, "SELECT count(*) FROM request WHERE org_id IN ('evil-1', 'evil-2')");
    CHECK(sum.origin.records == members);
    auto review = store::openCase(dir.file("r.siphon"), store::CaseAccess::Read);
    REQUIRE(review.ok());
    CHECK(count(*review, "SELECT count(*) FROM request") == members);
    CHECK(count(*review, "SELECT count(*) FROM cluster") == 1);
    CHECK(count(*review, "SELECT count(*) FROM cluster_member") == 2);
    CHECK(count(*review, "SELECT count(*) FROM entity_score") == 1); // only evil-1 was scored
    CHECK(count(*review, "SELECT count(*) FROM entity WHERE level = 0") == 2);
    auto set = evidence::collectEvidence(*review);
    REQUIRE(set.ok());
    REQUIRE(set->exhibits.size() == 1);
    CHECK(static_cast<int64_t>(set->exhibits[0].records.size()) == members);
    requireIntegrity(*review);
}
