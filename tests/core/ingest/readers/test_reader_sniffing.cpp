// Format sniffing: every fixture is recognised by the right reader with --format auto; unknown
// JSON names the readers tried; a forced wrong reader rejects records with reasons.
#include "ingest/format_reader.h"
#include "readers_test_util.h"

#include <set>

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

TEST_CASE("sniffing: each fixture is recognised as its reader", "[readers][sniff]") {
    const std::pair<const char*, const char*> cases[] = {
        {"bedrock_invocation/invocations.jsonl", "bedrock_invocation"},
        {"aws_cloudtrail/trail.json", "aws_cloudtrail"},
        {"aws_cloudtrail/bare_event.json", "aws_cloudtrail"},
        {"azure_diag/diagnostics.jsonl", "azure_diag"},
        {"azure_diag/records_envelope.json", "azure_diag"},
        {"openai_usage/usage_buckets.json", "openai_usage"},
        {"openai_usage/costs_page.json", "openai_usage"},
        {"anthropic_usage/usage_report.json", "anthropic_usage"},
        {"litellm_spendlogs/spendlogs.csv", "litellm_spendlogs"},
        {"litellm_spendlogs/spend_logs.json", "litellm_spendlogs_json"},
        {"generic_jsonl/events.jsonl", "generic_jsonl"},
    };
    for (const auto& [file, id] : cases) {
        INFO(file);
        TempDir dir;
        auto imp = importOne(dir, fixture(file));
        INFO((imp.file.error ? imp.file.error->describe() : std::string()));
        REQUIRE_FALSE(imp.file.error);
        CHECK(imp.file.format == id);
        CHECK(val(imp.db, "SELECT format FROM source_file") == id);
    }
}

TEST_CASE("sniffing: unknown JSON names every JSON reader tried", "[readers][sniff]") {
    TempDir dir;
    writeFile(dir.file("odd.jsonl"), "{\"foo\":1,\"bar\":[2]}\n{\"foo\":3,\"bar\":[4]}\n");
    auto imp = importOne(dir, dir.file("odd.jsonl"));
    REQUIRE(imp.file.error);
    const std::string& msg = imp.file.error->message;
    INFO(msg);
    CHECK(msg.find("unrecognised JSON log format") != std::string::npos);
    for (const auto& r : ingest::makeAllReaders()) {
        if (r->kind() != ingest::FormatReader::Kind::Json) continue;
        CHECK(msg.find(std::string(r->id())) != std::string::npos);
    }
}

TEST_CASE("sniffing: a forced wrong reader rejects every record with a reason", "[readers][sniff]") {
    TempDir dir;
    ingest::ImportOptions opt;
    opt.format = "aws_cloudtrail";
    auto imp = importOne(dir, fixture("azure_diag/diagnostics.jsonl"), opt);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.requests == 0);
    CHECK(imp.file.rejects == 7);
    CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE reason = 'missing eventSource'") == 7);
}

TEST_CASE("registry: unique ids, generic readers last of their kind", "[readers][sniff]") {
    const auto all = ingest::makeAllReaders();
    std::set<std::string> ids;
    for (const auto& r : all) {
        CHECK(ids.insert(std::string(r->id())).second);
        CHECK_FALSE(r->title().empty());
        CHECK_FALSE(r->recognisedBy().empty());
        CHECK(ingest::makeReader(r->id()) != nullptr);
    }
    for (const char* id : {"bedrock_invocation", "aws_cloudtrail", "azure_diag", "litellm_spendlogs",
                           "litellm_spendlogs_json", "openai_usage", "anthropic_usage", "generic_jsonl", "generic_csv"})
        CHECK(ids.count(id) == 1);
    std::string lastJson, lastCsv;
    for (const auto& r : all) (r->kind() == ingest::FormatReader::Kind::Json ? lastJson : lastCsv) = std::string(r->id());
    CHECK(lastJson == "generic_jsonl");
    CHECK(lastCsv == "generic_csv");
}
