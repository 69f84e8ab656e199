// CloudWatch Logs deliveries wrapping Bedrock invocation logs (formats.md §3, §8): a gzip'd Firehose
// object of deliveries back to back, with a re-delivered event, a message that is not JSON and a
// CONTROL_MESSAGE; `filter-log-events` output; the same call also imported from its S3 delivery;
// a wrapped log without ids of its own; export-task files of "TIME MESSAGE" lines.
#include "ingest/cloudwatch_export_line.h"
#include "ingest/readers/cloudwatch_logs_reader.h"
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

namespace {

std::string byRequestId(const store::Database& db, const std::string& col, const std::string& requestId) {
    return val(db, "SELECT " + col + " FROM request WHERE request_id = ?1", {requestId});
}

std::string contentOf(const store::Database& db, const std::string& col, const std::string& requestId) {
    return val(db, "SELECT c." + col + " FROM request_content c JOIN request r ON r.id = c.request_id WHERE r.request_id = ?1",
               {requestId});
}

} // namespace

TEST_CASE("cloudwatch_logs: a Firehose object of subscription deliveries", "[readers][cloudwatch]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("cloudwatch_logs/subscription.json.gz"));
    INFO((imp.file.error ? imp.file.error->describe() : std::string()));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "cloudwatch_logs");
    CHECK(imp.file.complete);
    CHECK(imp.file.records == 3);      // three envelopes, back to back
    CHECK(imp.file.requests == 3);     // cw-req-a, -b, -c
    CHECK(imp.file.duplicates == 1);   // cw-req-a delivered a second time
    CHECK(imp.file.conflicts == 0);
    CHECK(imp.file.rejects == 2);      // the plain-text message and the CONTROL_MESSAGE
    CHECK(num(imp.db, "SELECT count(*) FROM request") == 3);

    SECTION("each event is read by the Bedrock reader") {
        CHECK(byRequestId(imp.db, "provider", "cw-req-a") == "bedrock");
        CHECK(byRequestId(imp.db, "org_id", "cw-req-a") == "210987654321");
        CHECK(byRequestId(imp.db, "input_tokens", "cw-req-a") == "11");
        CHECK(byRequestId(imp.db, "output_tokens", "cw-req-a") == "7");
        CHECK(byRequestId(imp.db, "ts_start_us", "cw-req-a") == "1770127201000000");
        CHECK(contentOf(imp.db, "prompt", "cw-req-a") == "Explain \"quoted\" step by step: 2+2");
        CHECK(contentOf(imp.db, "response", "cw-req-a") == "Step 1: 2+2 = 4");
        CHECK(contentOf(imp.db, "response", "cw-req-b") == "Bonne nuit");
    }
    SECTION("provenance: every request points at its envelope's bytes in the decompressed stream") {
        CHECK(byRequestId(imp.db, "byte_offset", "cw-req-a") == "0");
        CHECK(byRequestId(imp.db, "byte_offset", "cw-req-b") == "0");
        const int64_t second = std::stoll(byRequestId(imp.db, "byte_offset", "cw-req-c"));
        CHECK(second > 0);
        CHECK(byRequestId(imp.db, "byte_length", "cw-req-a") == std::to_string(second));
    }
    SECTION("rejects name the event and the reason, and keep the envelope") {
        CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE reason LIKE 'log event 2 (id 3700%0004): the message is not JSON%'") == 1);
        CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE reason LIKE 'CloudWatch Logs CONTROL_MESSAGE%'") == 1);
        // The plain-text event's reject points at its envelope, the one holding cw-req-c.
        CHECK(val(imp.db, "SELECT byte_offset || ',' || byte_length FROM reject WHERE reason LIKE 'log event 2%'") ==
              byRequestId(imp.db, "byte_offset || ',' || byte_length", "cw-req-c"));
    }
}

TEST_CASE("cloudwatch_logs: filter-log-events output, and the same call from its S3 delivery", "[readers][cloudwatch]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("cloudwatch_logs/filter-log-events.json"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "cloudwatch_logs");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 0);
    CHECK(contentOf(imp.db, "prompt", "cw-req-c") == "List three primes");

    // The S3 delivery of cw-req-a holds the message's exact bytes: the same request, not a second.
    auto again = ingest::importFiles(imp.db, {fixture("cloudwatch_logs/s3-invocation.jsonl")}, {});
    REQUIRE(again.ok());
    REQUIRE(again->files.size() == 1);
    CHECK(again->files[0].format == "bedrock_invocation");
    CHECK(again->files[0].duplicates == 1);
    CHECK(again->files[0].conflicts == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM request") == 2);
}

TEST_CASE("cloudwatch_logs: a wrapped log without ids is keyed by CloudWatch's event ids", "[readers][cloudwatch]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("cloudwatch_logs/generic-events.json"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "cloudwatch_logs");
    // Two events with identical messages are two calls: CloudWatch gave them two ids.
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.duplicates == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM request WHERE org_id = 'acct-9' AND output_tokens = 9") == 2);
    CHECK(val(imp.db, "SELECT min(record_key) FROM request") == "cloudwatch-event:1");
}

TEST_CASE("cloudwatch export-task lines: the message after the time is the record", "[readers][cloudwatch]") {
    TempDir dir;
    const std::string path = fixture("cloudwatch_logs/export-task-000000");
    auto imp = importOne(dir, path);
    INFO((imp.file.error ? imp.file.error->describe() : std::string()));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "bedrock_invocation");   // the messages' own format, read directly
    CHECK(imp.file.records == 4);
    CHECK(imp.file.requests == 3);
    CHECK(imp.file.rejects == 1);
    CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE line = 3") == 1);

    // Each request's bytes are its message, found at its offset, just after the time prefix.
    const auto lines = fileLines(path);
    auto st = imp.db.prepare("SELECT r.line, w.raw FROM request r JOIN request_raw w ON w.request_id = r.id");
    REQUIRE(st.ok());
    int rows = 0;
    while (st->step() == store::StepResult::Row) {
        const std::string& line = lines.at(static_cast<size_t>(st->columnInt(0) - 1));
        CHECK(line.substr(line.find(' ') + 1) == st->columnText(1));
        ++rows;
    }
    CHECK(rows == 3);
    CHECK(byRequestId(imp.db, "byte_offset", "cw-req-c") == "25");   // "2026-02-03T14:01:00.412Z " is 25 bytes

    // The same calls from their S3 delivery are duplicates: the same bytes under the same key.
    auto again = ingest::importFiles(imp.db, {fixture("cloudwatch_logs/s3-invocation.jsonl")}, {});
    REQUIRE(again.ok());
    CHECK(again->files.at(0).duplicates == 1);
}

TEST_CASE("cloudWatchExportPrefix takes only a UTC time, a space and an object", "[readers][cloudwatch]") {
    CHECK(ingest::cloudWatchExportPrefix("2026-02-03T14:01:00.412Z {\"a\":1}") == 25);
    CHECK(ingest::cloudWatchExportPrefix("2026-02-03T14:01:00Z {}") == 21);
    CHECK(ingest::cloudWatchExportPrefix("2026-02-03T14:01:00Z plain text") == 0);
    CHECK(ingest::cloudWatchExportPrefix("2026-02-03 14:01:00Z {}") == 0);
    CHECK(ingest::cloudWatchExportPrefix("2026-02-03T14:01:00+01:00 {}") == 0);
    CHECK(ingest::cloudWatchExportPrefix("timestamp,account_id") == 0);
    CHECK(ingest::cloudWatchExportPrefix("2026") == 0);
}

TEST_CASE("cloudwatch_insights_csv: each row's @message is read as the log it holds", "[readers][cloudwatch]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("cloudwatch_logs/insights.csv"));
    INFO((imp.file.error ? imp.file.error->describe() : std::string()));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "cloudwatch_insights_csv");
    CHECK(imp.file.records == 3);
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 1);
    CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE line = 3 AND reason LIKE '@message (@ptr %): the message is not JSON%'") == 1);
    CHECK(contentOf(imp.db, "prompt", "cw-req-a") == "Explain \"quoted\" step by step: 2+2");   // CSV quotes undone
    CHECK(byRequestId(imp.db, "line", "cw-req-c") == "4");
    // The S3 copy of cw-req-a: the same message bytes under the same key.
    auto again = ingest::importFiles(imp.db, {fixture("cloudwatch_logs/s3-invocation.jsonl")}, {});
    REQUIRE(again.ok());
    CHECK(again->files.at(0).duplicates == 1);
}
