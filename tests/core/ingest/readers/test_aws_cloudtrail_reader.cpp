// CloudTrail: Records-wrapped and bare events; only Bedrock sources become requests, every other
// event is a reject that names its eventSource.
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

TEST_CASE("aws_cloudtrail: Records file keeps Bedrock calls, rejects others with a reason", "[readers][cloudtrail]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("aws_cloudtrail/trail.json"));
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "aws_cloudtrail");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 2);
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE CAST(raw AS TEXT) LIKE '%s3.amazonaws.com%'") ==
          "CloudTrail event from s3.amazonaws.com is not a Bedrock call");
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE CAST(raw AS TEXT) LIKE '%dave%'") == "unparseable eventTime 'yesterday'");

    auto col = [&](const std::string& c) {
        return val(imp.db, "SELECT " + c + " FROM request WHERE request_id = '3f9c1a72-5b8e-4d1a-9e0b-6c2d7a4e81f0'");
    };
    CHECK(col("ts_start_us") == "1770127601000000");
    CHECK(col("ts_precision_us") == "1000000");
    CHECK(col("record_key") == "c2d94b1e-0f6a-4e57-b3a8-91d7e05f4c26");
    CHECK(col("api_key_id") == "ASIA2EXAMPLE7Q4K9WZD");
    CHECK(col("principal") == "arn:aws:sts::210987654321:assumed-role/etl-worker-role/i-0abc12de34f567890");
    CHECK(col("org_id") == "210987654321");
    CHECK(col("source_ip") == "192.0.2.77");
    CHECK(col("source_ip_masked") == "0");
    CHECK(col("user_agent") == "Boto3/1.36.4 md/Botocore#1.36.4 ua/2.0 os/linux#6.1.0 lang/python#3.12.3");
    CHECK(col("model") == "anthropic.claude-3-7-sonnet-20250219-v1:0");
    CHECK(col("model_requested") == "us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    CHECK(col("endpoint") == "Converse");
    CHECK(col("region") == "us-west-2");
    CHECK(col("input_tokens") == "NULL");   // CloudTrail has no tokens
    CHECK(col("error_code") == "NULL");

    // bedrock-mantle with an error; orgId falls back to userIdentity.accountId.
    auto mantle = [&](const std::string& c) {
        return val(imp.db, "SELECT " + c + " FROM request WHERE request_id = 'a7c1d0e2-1111-4222-8333-444455556666'");
    };
    CHECK(mantle("error_code") == "ThrottlingException");
    CHECK(mantle("org_id") == "210987654321");
    CHECK(mantle("endpoint") == "CreateChatCompletion");
    CHECK(mantle("api_key_id") == "AKIAEXAMPLECAROL001");
}

TEST_CASE("aws_cloudtrail: a bare event without Records is one request", "[readers][cloudtrail]") {
    TempDir dir;
    const std::string path = fixture("aws_cloudtrail/bare_event.json");
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "aws_cloudtrail");
    CHECK(imp.file.requests == 1);
    CHECK(imp.file.rejects == 0);
    CHECK(val(imp.db, "SELECT source_ip FROM request") == "203.0.113.200");
    CHECK(val(imp.db, "SELECT org_id FROM request") == "00000000000");   // 11 digits: kept as given
    CHECK(val(imp.db, "SELECT api_key_id FROM request") == "ACCESSKEY");
    CHECK(val(imp.db, "SELECT is_stream FROM request") == "1");
    checkRawIsSourceLine(imp.db, path);
}
