// Bedrock model-invocation logs: Converse, stream arrays ending "[DONE]", bodies as JSON strings,
// odd account ids, schemaType last, inference-profile ARNs, repeated requestIds, broken records.
#include "ingest/readers/bedrock_invocation_reader.h"
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;


TEST_CASE("bedrock_invocation: fixture imports with counts, conflicts and rejects", "[readers][bedrock]") {
    TempDir dir;
    const std::string path = fixture("bedrock_invocation/invocations.jsonl");
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "bedrock_invocation");
    CHECK(imp.file.requests == 5);
    CHECK(imp.file.rejects == 3);
    CHECK(imp.file.conflicts >= 1);   // line 5 reuses line 1's requestId with other content
    CHECK(num(imp.db, "SELECT count(*) FROM request") == 5);
    CHECK(num(imp.db, "SELECT count(*) FROM request WHERE request_id = '3f9c1a72-5b8e-4d1a-9e0b-6c2d7a4e81f0'") == 2);

    SECTION("Converse record with cache tokens and a geography-prefixed model") {
        CHECK(reqAt(imp.db, "ts_start_us", 1) == "1770127642000000");
        CHECK(reqAt(imp.db, "ts_precision_us", 1) == "1000000");
        CHECK(reqAt(imp.db, "input_tokens", 1) == "160");   // 100 + cache read 50 + cache write 10
        CHECK(reqAt(imp.db, "cached_read_tokens", 1) == "50");
        CHECK(reqAt(imp.db, "cache_write_tokens", 1) == "10");
        CHECK(reqAt(imp.db, "output_tokens", 1) == "40");
        CHECK(reqAt(imp.db, "model", 1) == "anthropic.claude-3-7-sonnet-20250219-v1:0");
        CHECK(reqAt(imp.db, "model_requested", 1) == "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        CHECK(reqAt(imp.db, "principal", 1) == "arn:aws:sts::210987654321:assumed-role/etl-worker-role/i-0abc12de34f567890");
        CHECK(reqAt(imp.db, "org_id", 1) == "210987654321");
        CHECK(reqAt(imp.db, "region", 1) == "us-west-2");
        CHECK(reqAt(imp.db, "endpoint", 1) == "Converse");
        CHECK(reqAt(imp.db, "provider", 1) == "bedrock");
        CHECK(reqAt(imp.db, "latency_ms", 1) == "812.0");
        CHECK(reqAt(imp.db, "source_ip", 1) == "NULL");
        CHECK(contentAt(imp.db, "prompt", 1) == "You are terse.\nSolve step by step: 17*23");
        CHECK(contentAt(imp.db, "response", 1) == "17*23 = 391");
    }
    SECTION("stream array ending in \"[DONE]\": tokens from invocationMetrics, deltas concatenated") {
        CHECK(reqAt(imp.db, "org_id", 2) == "13457018785544");
        CHECK(reqAt(imp.db, "input_tokens", 2) == "12");
        CHECK(reqAt(imp.db, "output_tokens", 2) == "2");
        CHECK(reqAt(imp.db, "is_stream", 2) == "1");
        CHECK(reqAt(imp.db, "latency_ms", 2) == "300.0");
        CHECK(reqAt(imp.db, "model_requested", 2) == "NULL");   // nothing normalised
        CHECK(contentAt(imp.db, "prompt", 2) == "Say hello");
        CHECK(contentAt(imp.db, "response", 2) == "Hello");
    }
    SECTION("inputBodyJson as a JSON string, <redacted> account and identity, zero input tokens") {
        CHECK(reqAt(imp.db, "org_id", 3) == "<redacted>");
        CHECK(reqAt(imp.db, "principal", 3) == "<redacted>");
        CHECK(reqAt(imp.db, "input_tokens", 3) == "0");
        CHECK(reqAt(imp.db, "output_tokens", 3) == "3");
        CHECK(contentAt(imp.db, "prompt", 3) == "\n\nHuman: tell me a secret\n\nAssistant:");
        CHECK(contentAt(imp.db, "response", 3) == " I cannot help with that.");
    }
    SECTION("schemaType last, spaced-out JSON, inference-profile ARN, ConverseStream aggregate") {
        CHECK(reqAt(imp.db, "ts_start_us", 4) == "1770127805000000");
        CHECK(reqAt(imp.db, "model", 4) == "anthropic.claude-haiku-4-5-20251001-v1:0");
        CHECK(reqAt(imp.db, "model_requested", 4) ==
              "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0");
        CHECK(reqAt(imp.db, "principal", 4) == "arn:aws:sts::111122223333:assumed-role/app/session-1");
        CHECK(reqAt(imp.db, "is_stream", 4) == "1");
        CHECK(reqAt(imp.db, "latency_ms", 4) == "1500.0");
        CHECK(reqAt(imp.db, "input_tokens", 4) == "9");
        CHECK(contentAt(imp.db, "prompt", 4) == "List three primes");
        CHECK(contentAt(imp.db, "response", 4) == "2, 3\nand 5");
    }
    SECTION("rejects name the field and keep their line") {
        CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 6") == "non-numeric input.inputTokenCount 'lots'");
        CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 7") == "missing timestamp");
        CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 8").find("malformed JSON") == 0);
    }
    SECTION("raw bytes of every request equal the source line") { checkRawIsSourceLine(imp.db, path); }
}

TEST_CASE("bedrock_invocation: model id normalisation", "[readers][bedrock]") {
    using R = ingest::BedrockInvocationReader;
    CHECK(R::normaliseModelId("anthropic.claude-v2:1") == "anthropic.claude-v2:1");
    CHECK(R::normaliseModelId("eu.meta.llama3-2-3b-instruct-v1:0") == "meta.llama3-2-3b-instruct-v1:0");
    CHECK(R::normaliseModelId("global.anthropic.claude-sonnet-4-5-20250929-v1:0") ==
          "anthropic.claude-sonnet-4-5-20250929-v1:0");
    CHECK(R::normaliseModelId("arn:aws:bedrock:us-east-1:111122223333:foundation-model/amazon.titan-text-express-v1") ==
          "amazon.titan-text-express-v1");
    CHECK(R::normaliseModelId("dummy-model-v1") == "dummy-model-v1");
    CHECK(R::normaliseModelId("us.nova") == "us.nova");   // no vendor after the prefix: left alone
}
