// LiteLLM SpendLogs as a psql CSV export and as /spend/logs JSON rows: same mapping.
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

namespace {
std::string byId(const store::Database& db, const std::string& col, const std::string& id) {
    return val(db, "SELECT " + col + " FROM request WHERE request_id = ?1", {id});
}
const std::string kFirst = "chatcmpl-9d2f7e1a-3b4c-4d5e-8f60-1a2b3c4d5e6f";
const std::string kKey = "5f0c3a9e8b7d6c5b4a39281706f5e4d3c2b1a0998877665544332211ffeeddcc";

void checkFirstRow(const store::Database& db) {
    CHECK(byId(db, "ts_start_us", kFirst) == "1770127641118000");
    CHECK(byId(db, "ts_end_us", kFirst) == "1770127682331000");
    CHECK(byId(db, "ts_precision_us", kFirst) == "1000");
    CHECK(byId(db, "latency_ms", kFirst) == "41213.0");
    CHECK(byId(db, "api_key_id", kFirst) == kKey);
    CHECK(byId(db, "api_key_label", kFirst) == "partner-acme-prod");
    CHECK(byId(db, "project_id", kFirst) == "team-ext-03");
    CHECK(byId(db, "principal", kFirst) == "u-4471");
    CHECK(byId(db, "end_user_id", kFirst) == "acme-worker-12");
    CHECK(byId(db, "source_ip", kFirst) == "203.0.113.18");
    CHECK(byId(db, "user_agent", kFirst) == "OpenAI/Python 1.61.0");
    CHECK(byId(db, "model", kFirst) == "claude-3-7-sonnet-20250219");
    CHECK(byId(db, "model_requested", kFirst) == "sonnet");
    CHECK(byId(db, "provider", kFirst) == "anthropic");
    CHECK(byId(db, "endpoint", kFirst) == "acompletion");
    CHECK(byId(db, "input_tokens", kFirst) == "1873");
    CHECK(byId(db, "output_tokens", kFirst) == "4096");
    CHECK(byId(db, "cached_read_tokens", kFirst) == "64");
    CHECK(byId(db, "cost_usd", kFirst) == "0.04518");
    CHECK(byId(db, "error_code", kFirst) == "NULL");
    CHECK(val(db, "SELECT c.prompt FROM request_content c JOIN request r ON r.id = c.request_id WHERE r.request_id = ?1",
              {kFirst}) == "You are, \"helpful\".\nExplain step by step, with commas, why 2+2=4");
    CHECK(val(db, "SELECT c.response FROM request_content c JOIN request r ON r.id = c.request_id WHERE r.request_id = ?1",
              {kFirst}) == "Because 2 and 2 make 4.");
    CHECK(byId(db, "error_code", "req-0002") == "failure");
    CHECK(byId(db, "latency_ms", "req-0002") == "250.0");   // from endTime - startTime
}
} // namespace

TEST_CASE("litellm_spendlogs: psql CSV export", "[readers][litellm]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("litellm_spendlogs/spendlogs.csv"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "litellm_spendlogs");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 2);
    checkFirstRow(imp.db);
    CHECK(byId(imp.db, "org_id", "req-0002") == "org-77");
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 4") == "non-numeric prompt_tokens 'many'");
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 5") == "missing startTime");
    checkRawIsSourceLine(imp.db, fixture("litellm_spendlogs/spendlogs.csv"));
}

TEST_CASE("litellm_spendlogs_json: /spend/logs JSON rows", "[readers][litellm]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("litellm_spendlogs/spend_logs.json"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "litellm_spendlogs_json");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 1);
    checkFirstRow(imp.db);
    CHECK(byId(imp.db, "api_key_label", "req-0002") == "as-string-meta");   // metadata given as JSON text
    CHECK(val(imp.db, "SELECT reason FROM reject") == "non-numeric prompt_tokens 'many'");
}
