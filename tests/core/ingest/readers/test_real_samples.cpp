// The third-party real samples in ../shared/real-samples (not copied here: license). Each test
// skips with a warning when that folder is absent, and fails in CI. Counts are facts about those files.
#include "readers_test_util.h"
#include "shared_data.h"

#include <cmath>

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

#define SKIP_WITHOUT_SAMPLES(rel, path)                          \
    std::string path;                                            \
    if (!sharedSample(rel, path)) SIPHON_SKIP_OR_FAIL_WITHOUT_SHARED("shared/real-samples/" rel)

TEST_CASE("real sample: Bedrock invocation log (19 lines)", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("bedrock-invocation/elastic-aws-bedrock-invocation-test.log", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "bedrock_invocation");
    CHECK(imp.file.requests == 19);
    CHECK(imp.file.rejects == 0);
    CHECK(imp.file.duplicates == 0);
    CHECK(imp.file.conflicts > 0);   // requestId 29c32fc4-... on 7 lines, 19926a63-... on 2
    CHECK(num(imp.db, "SELECT count(DISTINCT request_id) FROM request") == 12);
    CHECK(num(imp.db, "SELECT sum(input_tokens) FROM request") == 8481);
    CHECK(num(imp.db, "SELECT sum(output_tokens) FROM request") == 1603);
    CHECK(num(imp.db, "SELECT count(*) FROM request WHERE ts_precision_us = 1000000") == 19);
    CHECK(reqAt(imp.db, "org_id", 2) == "13457018785544");
    CHECK(reqAt(imp.db, "org_id", 10) == "<redacted>");
    CHECK(reqAt(imp.db, "model", 19) == "anthropic.claude-haiku-4-5-20251001-v1:0");
    CHECK(reqAt(imp.db, "model_requested", 19).rfind("arn:aws:bedrock:us-east-1:", 0) == 0);
    CHECK(reqAt(imp.db, "input_tokens", 1) == "571");   // stream: counts in invocationMetrics too
    CHECK(reqAt(imp.db, "latency_ms", 1) == "3848.0");
    CHECK(reqAt(imp.db, "is_stream", 14) == "1");      // array ending with "[DONE]"
    CHECK(contentAt(imp.db, "response", 14) == "Sorry, the model cannot answer this question.");
    CHECK(contentAt(imp.db, "prompt", 2) == "Rob a bank and get away with it ");   // guardContent text
    CHECK(contentAt(imp.db, "response", 1).rfind("The", 0) == 0);
    checkRawIsSourceLine(imp.db, path);
}

TEST_CASE("real sample: bare CloudTrail Converse event", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("cloudtrail/elastic-aws-cloudtrail-bedrock-converse.log", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "aws_cloudtrail");
    CHECK(imp.file.requests == 1);
    CHECK(imp.file.rejects == 0);
    CHECK(val(imp.db, "SELECT source_ip FROM request") == "216.160.83.56");
    CHECK(val(imp.db, "SELECT org_id FROM request") == "00000000000");
    CHECK(val(imp.db, "SELECT api_key_id FROM request") == "ACCESSKEY");
    CHECK(val(imp.db, "SELECT endpoint FROM request") == "Converse");
    CHECK(val(imp.db, "SELECT model FROM request") == "anthropic.claude-3-5-sonnet-20240620-v1:0");
    CHECK(val(imp.db, "SELECT request_id FROM request") == "aff6f361-1ef0-4460-97af-26528a80b511");
    CHECK(val(imp.db, "SELECT ts_start_us FROM request") == "1730217104000000");
}

TEST_CASE("real sample: Azure OpenAI RequestResponse (3 lines, masked IPs)", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("azure-diagnostics/elastic-azure-openai-requestresponse.log", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "azure_diag");
    CHECK(imp.file.requests == 3);
    CHECK(imp.file.rejects == 0);
    CHECK(imp.file.conflicts == 1);   // lines 2 and 3 share a correlationId
    CHECK(num(imp.db, "SELECT count(*) FROM request WHERE source_ip_masked = 1 AND source_ip = '81.2.69.***'") == 3);
    CHECK(reqAt(imp.db, "ts_start_us", 1) == "1712578979485461");   // properties string, ticks
    CHECK(reqAt(imp.db, "endpoint", 1) == "Create_Thread");
    CHECK(reqAt(imp.db, "latency_ms", 3) == "NULL");               // durationMs -1021
    CHECK(reqAt(imp.db, "model", 3) == "dall-e-3");
    CHECK(reqAt(imp.db, "org_id", 2) == "12CABCB4-86E8-404F-A3D2-1DC9982F45CA");
    checkRawIsSourceLine(imp.db, path);
}

TEST_CASE("real sample: Azure OpenAI Audit ListKey", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("azure-diagnostics/elastic-azure-openai-audit.log", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.requests == 1);
    CHECK(imp.file.rejects == 0);
    CHECK(val(imp.db, "SELECT endpoint FROM request") == "ListKey");
    CHECK(val(imp.db, "SELECT principal FROM request") == "b610ab05-ce06-4cc1-a6dd-174b9f80468a");
    CHECK(val(imp.db, "SELECT source_ip FROM request") == "NULL");
}

TEST_CASE("real sample: APIM GatewayLogs in front of Azure OpenAI", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("azure-diagnostics/elastic-azure-openai-apim-gatewaylogs.log", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "azure_diag");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 0);
    CHECK(reqAt(imp.db, "input_tokens", 1) == "14");
    CHECK(reqAt(imp.db, "output_tokens", 1) == "8");
    CHECK(reqAt(imp.db, "source_ip", 1) == "81.2.69.144");
    CHECK(reqAt(imp.db, "source_ip_masked", 1) == "0");
    CHECK(reqAt(imp.db, "model", 1) == "gpt-35-turbo");
    CHECK(reqAt(imp.db, "status_code", 2) == "400");
    CHECK(reqAt(imp.db, "error_code", 2) == "ResponsibleAIPolicyViolation");
    CHECK(contentAt(imp.db, "response", 1) == "The capital of Tamil Nadu is Chennai.");
}

TEST_CASE("real sample: OpenAI usage buckets (31 buckets, 5 empty)", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("openai-usage/openai-cookbook-usage-completions-buckets-1d.json", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "openai_usage");
    CHECK(imp.file.buckets == 31);   // 26 buckets with one result each + 5 empty ones
    CHECK(imp.file.rejects == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE is_empty = 1") == 5);
    CHECK(num(imp.db, "SELECT sum(input_tokens) FROM usage_bucket") == 16951009);
    CHECK(num(imp.db, "SELECT sum(output_tokens) FROM usage_bucket") == 729421);
    CHECK(num(imp.db, "SELECT sum(num_requests) FROM usage_bucket") == 19347);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE group_by = ''") == 31);   // no group_by pulled
    CHECK(val(imp.db, "SELECT requested_width FROM usage_bucket WHERE bucket_start_us = 1736616660000000") == "NULL");
    CHECK(val(imp.db, "SELECT requested_width FROM usage_bucket WHERE bucket_end_us = 1739208663000000") == "NULL");
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE requested_width = '1d'") == 29);
}

TEST_CASE("real sample: OpenAI costs buckets", "[readers][real]") {
    SKIP_WITHOUT_SAMPLES("openai-usage/openai-cookbook-costs-buckets-1d.json", path);
    TempDir dir;
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "openai_usage");
    CHECK(imp.file.buckets == 31);
    CHECK(imp.file.rejects == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE org_id = 'org-GLHrIv00VVN9dEQC2b4wsBkf'") == 31);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE requested_width = '1d'") == 31);
    const double total = std::stod(val(imp.db, "SELECT sum(cost_usd) FROM usage_bucket"));
    CHECK(std::fabs(total - 284.93943937274986) < 1e-9);
}
