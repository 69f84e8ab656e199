// The CloudTrail <-> Bedrock join (ingest/bedrock_join.h) on tests/fixtures/bedrock_join: three
// invocation records (calls A, B, C) and five CloudTrail events (A and B; a throttled and a
// rejected call; a successful call whose invocation record is missing). Call A's event is logged
// one second before its invocation record, in the previous hour, so the join moves rollup cells.
// Expected: six requests (A and B joined, C alone, three CloudTrail-only events), whichever log
// is imported first, with both records' provenance kept and the rollups equal to the rows.
#include "import_test_util.h"
#include "rollup_totals.h"

#include "evidence/tags.h"

#include <filesystem>

using namespace siphon;
using namespace siphon::test;

namespace {

const std::string kCallA = "aaaaaaaa-0000-4000-8000-000000000001";

std::string invocations() { return fixture("bedrock_join/invocations"); }
std::string cloudtrail() { return fixture("bedrock_join/cloudtrail"); }

// Every row of a query, one line each, columns joined by '|' (NULL as '~').
std::string rows(const store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    std::string out;
    while (st->step() == store::StepResult::Row) {
        for (int c = 0; c < st->columnCount(); ++c)
            out += (c ? "|" : "") + (st->columnIsNull(c) ? std::string("~") : st->columnText(c));
        out += '\n';
    }
    return out;
}

// The case as an investigator sees it, without row ids and source ids (which follow import order).
std::string caseContents(const store::Database& db) {
    const std::string requestColumns =
        "s.display_name, r.line, r.byte_offset, r.byte_length, r.source_format, r.record_key, r.ts_start_us, r.org_id,"
        " r.api_key_id, r.principal, r.source_ip, r.source_ip_masked, r.user_agent, r.region, r.model, r.endpoint,"
        " r.request_id, r.input_tokens, r.output_tokens, r.error_code, r.prompt_text, r.has_content";
    return rows(db,
                "SELECT " + requestColumns +
                    " FROM request r JOIN source_file s ON s.id = r.source_file_id"
                    " ORDER BY r.request_id, r.source_format") +
        rows(db,
             "SELECT r.request_id, s.display_name, j.line, j.byte_offset, j.byte_length, j.record_key"
             " FROM request_join j JOIN request r ON r.id = j.request_id JOIN source_file s ON s.id = j.source_file_id"
             " ORDER BY 1") +
        rows(db,
             "SELECT level, name, requests, input_tokens, output_tokens, first_hour_us, last_hour_us FROM entity"
             " ORDER BY level, name");
}

// Entities of a level whose totals differ from what their stored requests add up to.
int64_t wrongTotals(const store::Database& db, int level, const std::string& column) {
    const std::string of = "FROM request r WHERE r." + column + " = e.name";
    return count(db,
                 "SELECT count(*) FROM entity e WHERE e.level = " + std::to_string(level) +
                     " AND (e.requests <> (SELECT count(*) " + of +
                     ")"
                     " OR e.input_tokens <> (SELECT coalesce(sum(input_tokens), 0) " +
                     of +
                     ")"
                     " OR e.output_tokens <> (SELECT coalesce(sum(output_tokens), 0) " +
                     of +
                     ")"
                     " OR e.first_hour_us <> (SELECT min(ts_start_us) / 3600000000 * 3600000000 " +
                     of +
                     ")"
                     " OR e.last_hour_us <> (SELECT max(ts_start_us) / 3600000000 * 3600000000 " +
                     of + "))");
}

// The rollups (entity totals and the packed cells) count exactly the stored requests.
void checkRollupsMatchRows(const store::Database& db) {
    const std::pair<int, const char*> levels[] = {{0, "org_id"}, {2, "api_key_id"}, {3, "principal"}, {4, "source_ip"}};
    for (const auto& [level, column] : levels) {
        INFO("level " << level);
        CHECK(wrongTotals(db, level, column) == 0);
        for (RollupCells kind : {RollupCells::Hours, RollupCells::Minutes}) {
            const RollupTotals t = rollupTotals(db, static_cast<EntityLevel>(level), kind);
            const std::string where = std::string(" FROM request WHERE ") + column + " IS NOT NULL";
            CHECK(t.requests == count(db, "SELECT count(*)" + where));
            CHECK(t.outputTokens == count(db, "SELECT coalesce(sum(output_tokens), 0)" + where));
        }
    }
    CHECK(count(db, "SELECT count(*) FROM entity WHERE requests <= 0") == 0);
}

void checkJoined(const store::Database& db) {
    CHECK(count(db, "SELECT count(*) FROM request") == 6);
    CHECK(count(db, "SELECT count(*) FROM request_join") == 2);
    // The call's row carries the invocation's tokens and prompt and CloudTrail's IP, agent and key.
    CHECK(
        text(db,
             "SELECT source_format || ' ' || source_ip || ' ' || user_agent || ' ' || api_key_id || ' ' ||"
             " output_tokens || ' ' || ts_start_us FROM request WHERE request_id = '" +
                 kCallA + "'") ==
        "bedrock_invocation 198.51.100.7 Boto3/1.35.50 md/Botocore#1.35.50 ASIAEXAMPLEKEY000001 300 1772359200250000");
    CHECK(
        count(db,
              "SELECT count(*) FROM request WHERE source_format = 'bedrock_invocation' AND prompt_text IS NOT NULL") ==
        3);
    // The invocation without an event, and the events without an invocation, stay requests.
    CHECK(rows(db,
               "SELECT request_id, coalesce(error_code, '') FROM request WHERE source_format = 'aws_cloudtrail'"
               " ORDER BY 1") ==
          "dddddddd-0000-4000-8000-000000000004|ThrottlingException\n"
          "eeeeeeee-0000-4000-8000-000000000005|ValidationException\n"
          "ffffffff-0000-4000-8000-000000000006|\n");
    CHECK(count(db, "SELECT count(*) FROM request WHERE request_id LIKE 'cccccccc%' AND source_ip IS NULL") == 1);
    // Both records stay addressable: the joined event's bytes are read back from its own file.
    CHECK(text(db,
               "SELECT CAST(siphon_source_bytes(j.source_file_id, j.byte_offset, j.byte_length) AS TEXT)"
               " FROM request_join j JOIN request r ON r.id = j.request_id WHERE r.request_id = '" +
                   kCallA + "'")
              .find("\"eventID\":\"e0000000-0000-4000-8000-00000000000a\"") != std::string::npos);
    // Lines of events inside the Records array, counted from the document's first line.
    CHECK(count(db,
                "SELECT j.line FROM request_join j JOIN request r ON r.id = j.request_id"
                " WHERE r.request_id = '" +
                    kCallA + "'") == 2);
    CHECK(count(db, "SELECT line FROM request WHERE request_id LIKE 'ffffffff%'") == 6);
    // Every record of the trail is accounted for: 3 requests + 2 joined.
    CHECK(rows(db, "SELECT records, requests, joined, duplicates FROM source_file WHERE display_name = 'trail.json'") ==
          "5|3|2|0\n");
    checkRollupsMatchRows(db);
}

std::string importInRuns(const TempDir& dir, const std::string& name, const std::vector<std::string>& runs) {
    auto db = openTestCase(dir.file(name));
    for (const std::string& run : runs) importOk(db, {run});
    checkJoined(db);
    return caseContents(db);
}

} // namespace

TEST_CASE("CloudTrail events and Bedrock invocation records of one call make one request, in either order",
          "[ingest][join]") {
    TempDir dir;
    const std::string cloudtrailFirst = importInRuns(dir, "ct-first.siphon", {cloudtrail(), invocations()});
    const std::string invocationsFirst = importInRuns(dir, "inv-first.siphon", {invocations(), cloudtrail()});
    const std::string oneFolder = importInRuns(dir, "folder.siphon", {fixture("bedrock_join")});
    CHECK(cloudtrailFirst == invocationsFirst);
    CHECK(cloudtrailFirst == oneFolder);
}

TEST_CASE("The join is recorded in the import summary and the audit log", "[ingest][join]") {
    TempDir dir;
    auto db = openTestCase(dir.file("case.siphon"));
    const auto first = importOk(db, {invocations()});
    CHECK(!first.join.any());
    const auto second = importOk(db, {cloudtrail()});
    CHECK(second.join.joined == 2);
    CHECK(second.join.duplicates == 0);
    CHECK(second.join.keptApart == 0);
    CHECK(text(db, "SELECT payload FROM audit_log WHERE action = 'import-join'").find("\"joined\":2") !=
          std::string::npos);
    // Nothing new: the next run's pass has nothing to look at.
    const auto again = importOk(db, {cloudtrail()});
    CHECK(!again.join.any());
}

TEST_CASE("A later copy of a joined CloudTrail event is a duplicate of the call's row", "[ingest][join]") {
    TempDir dir;
    auto db = openTestCase(dir.file("case.siphon"));
    importOk(db, {fixture("bedrock_join")});
    // The same events in a file with other bytes (another delivery of the trail).
    writeFile(dir.file("trail-copy.json"), readFile(fixture("bedrock_join/cloudtrail/trail.json")) + "\n");
    const auto copy = importOk(db, {dir.file("trail-copy.json")});
    CHECK(copy.join.duplicates == 2);
    checkJoined(db);
    CHECK(count(db,
                "SELECT count(*) FROM duplicate d JOIN request r ON r.id = d.first_row_id"
                " WHERE r.source_format = 'bedrock_invocation'") == 2);
    CHECK(rows(db,
               "SELECT s.records, s.requests, s.joined, s.duplicates FROM source_file s"
               " WHERE s.display_name = 'trail-copy.json'") == "5|0|0|5\n");
}

TEST_CASE("A tagged CloudTrail event is not moved by a later join: it stays a row of its own", "[ingest][join]") {
    TempDir dir;
    auto db = openTestCase(dir.file("case.siphon"));
    importOk(db, {cloudtrail()});
    const int64_t event = count(db, "SELECT id FROM request WHERE request_id = '" + kCallA + "'");
    evidence::TagTarget target;
    target.kind = evidence::TargetKind::Request;
    target.requestRowId = event;
    REQUIRE(evidence::addTag(db, target, "suspected", "", "ann").ok());
    const auto second = importOk(db, {invocations()});
    CHECK(second.join.joined == 1);
    CHECK(second.join.keptApart == 1);
    CHECK(count(db, "SELECT count(*) FROM request") == 7);
    CHECK(count(db, "SELECT count(*) FROM request WHERE id = " + std::to_string(event)) == 1);
    checkRollupsMatchRows(db);
}
