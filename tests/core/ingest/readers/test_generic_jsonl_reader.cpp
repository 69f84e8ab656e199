// Generic JSON lines: obvious keys (nested ones by dotted path) and a mapping file.
#include "readers_test_util.h"

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

TEST_CASE("generic_jsonl: obvious and nested keys", "[readers][generic_jsonl]") {
    TempDir dir;
    const std::string path = fixture("generic_jsonl/events.jsonl");
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "generic_jsonl");
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 2);
    CHECK(reqAt(imp.db, "ts_start_us", 1) == "1770127641250000");
    CHECK(reqAt(imp.db, "ts_precision_us", 1) == "1000");
    CHECK(reqAt(imp.db, "org_id", 1) == "acct-1");
    CHECK(reqAt(imp.db, "source_ip", 1) == "198.51.100.23");
    CHECK(reqAt(imp.db, "user_agent", 1) == "curl/8.5");
    CHECK(reqAt(imp.db, "input_tokens", 1) == "120");
    CHECK(reqAt(imp.db, "output_tokens", 1) == "480");
    CHECK(reqAt(imp.db, "request_id", 1) == "g-1");
    CHECK(contentAt(imp.db, "prompt", 1) == "hello there");
    CHECK(reqAt(imp.db, "ts_start_us", 2) == "1770127700000000");   // epoch seconds as a number
    CHECK(reqAt(imp.db, "input_tokens", 2) == "30");                // number given as a string
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 3") == "non-numeric input_tokens 'lots'");
    CHECK(val(imp.db, "SELECT reason FROM reject WHERE line = 4") == "missing timestamp");
    checkRawIsSourceLine(imp.db, path);
}

TEST_CASE("generic_jsonl: mapping file with dotted paths", "[readers][generic_jsonl]") {
    TempDir dir;
    ingest::ImportOptions opt;
    opt.format = "generic_jsonl";
    opt.settings.mappingPath = fixture("generic_jsonl/custom_mapping.json");
    auto imp = importOne(dir, fixture("generic_jsonl/custom.jsonl"), opt);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.requests == 2);
    CHECK(imp.file.rejects == 0);
    CHECK(reqAt(imp.db, "api_key_id", 2) == "k-beta");
    CHECK(reqAt(imp.db, "org_id", 2) == "o-1");
    CHECK(reqAt(imp.db, "input_tokens", 2) == "6");
    CHECK(reqAt(imp.db, "output_tokens", 2) == "8");
    CHECK(reqAt(imp.db, "source_ip", 2) == "192.0.2.2");
    CHECK(reqAt(imp.db, "ts_start_us", 1) == "1770112800000000");
}

TEST_CASE("generic_jsonl: without a mapping the custom keys are not recognised", "[readers][generic_jsonl]") {
    TempDir dir;
    auto imp = importOne(dir, fixture("generic_jsonl/custom.jsonl"));
    REQUIRE(imp.file.error);
    CHECK(imp.file.error->message.find("generic_jsonl") != std::string::npos);
}
