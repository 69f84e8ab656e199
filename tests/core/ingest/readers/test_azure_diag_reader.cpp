// Azure OpenAI diagnostics: properties as string and object, .NET ticks, masked IPs, negative
// durations, shared correlation ids, Audit ListKey, APIM GatewayLogs with tokens in the body.
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

TEST_CASE("azure_diag: fixture with every surprise of the real exports", "[readers][azure]") {
    TempDir dir;
    const std::string path = fixture("azure_diag/diagnostics.jsonl");
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "azure_diag");
    CHECK(imp.file.requests == 5);
    CHECK(imp.file.rejects == 2);
    CHECK(imp.file.conflicts >= 1);   // lines 2 and 3 share a correlationId with different content

    SECTION("properties as a JSON string; requestTime ticks to microseconds") {
        CHECK(reqAt(imp.db, "ts_start_us", 1) == "1770127641413528");
        CHECK(reqAt(imp.db, "ts_precision_us", 1) == "1");
        CHECK(reqAt(imp.db, "ts_end_us", 1) == "1770127643256828");
        CHECK(reqAt(imp.db, "latency_ms", 1) == "1843.0");
        CHECK(reqAt(imp.db, "source_ip", 1) == "198.51.100.***");
        CHECK(reqAt(imp.db, "source_ip_masked", 1) == "1");
        CHECK(reqAt(imp.db, "org_id", 1) == "5B1E7C2A-0D4F-4A8E-9C31-7E2D6F0A9B44");
        CHECK(reqAt(imp.db, "project_id", 1) == "RG-ML-PROD/AOAI-WESTEU-01");
        CHECK(reqAt(imp.db, "principal", 1) == "NULL");   // key auth: empty objectId
        CHECK(reqAt(imp.db, "model", 1) == "gpt-4o");
        CHECK(reqAt(imp.db, "model_requested", 1) == "gpt4o-extract");
        CHECK(reqAt(imp.db, "endpoint", 1) == "ChatCompletions_Create");
        CHECK(reqAt(imp.db, "request_id", 1) == "a4c1e2f0-77b3-4c9d-8a10-2f5e6b7c8d90");
        CHECK(reqAt(imp.db, "correlation_id", 1) == "a4c1e2f0-77b3-4c9d-8a10-2f5e6b7c8d90");
        CHECK(reqAt(imp.db, "status_code", 1) == "200");
        CHECK(reqAt(imp.db, "request_bytes", 1) == "6120");
        CHECK(reqAt(imp.db, "response_bytes", 1) == "15874");
        CHECK(reqAt(imp.db, "is_stream", 1) == "0");
        CHECK(reqAt(imp.db, "provider", 1) == "azure_openai");
        CHECK(reqAt(imp.db, "region", 1) == "westeurope");
    }
    SECTION("properties as an object; negative durationMs leaves latency empty") {
        CHECK(reqAt(imp.db, "ts_start_us", 2) == "1770128000000000");
        CHECK(reqAt(imp.db, "latency_ms", 2) == "NULL");
        CHECK(reqAt(imp.db, "principal", 2) == "6c0f3a9e-1b2d-4e5f-8a7b-9c0d1e2f3a4b");
        CHECK(reqAt(imp.db, "status_code", 2) == "429");
        CHECK(reqAt(imp.db, "is_stream", 2) == "1");
        CHECK(reqAt(imp.db, "source_ip_masked", 2) == "1");
        CHECK(reqAt(imp.db, "model", 3) == "dall-e-3");
        CHECK(reqAt(imp.db, "latency_ms", 3) == "1021.0");
    }
    SECTION("Audit ListKey without IP or correlation id; time with 7 fractional digits") {
        CHECK(reqAt(imp.db, "endpoint", 4) == "ListKey");
        CHECK(reqAt(imp.db, "ts_start_us", 4) == "1770127170000000");
        CHECK(reqAt(imp.db, "principal", 4) == "7d8e9f00-1111-4222-8333-944455556666");
        CHECK(reqAt(imp.db, "source_ip", 4) == "NULL");
        CHECK(reqAt(imp.db, "request_id", 4) == "NULL");
    }
    SECTION("APIM GatewayLogs: tokens and text from the body strings, unmasked IP") {
        CHECK(reqAt(imp.db, "ts_start_us", 5) == "1770128400123456");
        CHECK(reqAt(imp.db, "source_ip", 5) == "192.0.2.44");
        CHECK(reqAt(imp.db, "source_ip_masked", 5) == "0");
        CHECK(reqAt(imp.db, "input_tokens", 5) == "21");
        CHECK(reqAt(imp.db, "output_tokens", 5) == "2");
        CHECK(reqAt(imp.db, "model", 5) == "gpt-4o-2024-08-06");
        CHECK(reqAt(imp.db, "model_requested", 5) == "gpt-4o-deploy");
        CHECK(reqAt(imp.db, "endpoint", 5) == "ChatCompletions_Create");
        CHECK(reqAt(imp.db, "api_key_id", 5) == "partner-acme");
        CHECK(reqAt(imp.db, "status_code", 5) == "200");
        CHECK(reqAt(imp.db, "project_id", 5) == "RG-GW/APIM-EU");
        CHECK(contentAt(imp.db, "prompt", 5) == "be brief\ncapital of France?");
        CHECK(contentAt(imp.db, "response", 5) == "Paris.");
    }
    SECTION("broken properties and ticks are rejects naming the field") {
        CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 6") == "properties is a string but not a JSON object");
        CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 7") == "non-numeric properties.requestTime 'soon'");
    }
    SECTION("raw bytes equal the source lines") { checkRawIsSourceLine(imp.db, path); }
}

TEST_CASE("azure_diag: {\"records\": [...]} envelope", "[readers][azure]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("azure_diag/records_envelope.json"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "azure_diag");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM request WHERE endpoint = 'ListKey'") == 1);
}
