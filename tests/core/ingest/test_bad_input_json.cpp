#include "import_test_util.h"

using namespace siphon;
using namespace siphon::test;

namespace {
std::string jsonRow(int i, const std::string& prompt = "hi") {
    return R"({"timestamp":"2026-02-03T14:00:)" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
           R"(Z","account_id":"acct1","api_key_id":"k1","input_tokens":10,"output_tokens":100,"request_id":"r)" +
           std::to_string(i) + R"(","prompt":")" + prompt + "\"}\n";
}
} // namespace

TEST_CASE("bad JSON lines are rejected with line, offset and reason; good lines are kept", "[ingest][bad][json]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    std::string in = jsonRow(1);                                                               // 1 ok
    in += "{\"timestamp\":\"2026-02-03T14:00:02Z\",\"account_id\":\"a\",\n";                   // 2 malformed
    in += R"({"timestamp":"2026-02-03T14:00:03Z","account_id":"a","input_tokens":"many"})" "\n"; // 3 non-numeric
    in += R"({"timestamp":"soon","account_id":"a","input_tokens":1})" "\n";                   // 4 bad timestamp
    in += R"({"account_id":"a","input_tokens":1,"time_zone":"UTC"})" "\n";                    // 5 missing timestamp
    in += "{\"timestamp\":\"2026-02-03T14:00:06Z\",\"account_id\":\"a\xff\xfe\"}\n";         // 6 invalid UTF-8
    in += jsonRow(7, std::string(5 * 1024 * 1024, 'x'));                                     // 7 a 5 MB line, valid
    in += jsonRow(8);                                                                          // 8 ok
    writeFile(dir.file("bad.jsonl"), in);
    auto s = importOk(db, {dir.file("bad.jsonl")});
    const auto& f = s.files[0];
    CHECK(f.format == "generic_jsonl");
    CHECK(f.records == 8);
    CHECK(f.requests == 3);
    CHECK(f.rejects == 5);
    const std::pair<int, const char*> expected[] = {
        {2, "malformed JSON"}, {3, "input_tokens"}, {4, "timestamp"}, {5, "timestamp"}, {6, "UTF-8"}};
    for (const auto& [line, reason] : expected) {
        INFO("line " << line);
        CHECK_THAT(text(db, "SELECT reason FROM reject WHERE line = " + std::to_string(line)), Catch::Contains(reason));
        const auto off = count(db, "SELECT byte_offset FROM reject WHERE line = " + std::to_string(line));
        const std::string raw = text(db, "SELECT raw FROM reject WHERE line = " + std::to_string(line));
        CHECK(in.compare(static_cast<size_t>(off), raw.size(), raw) == 0);
    }
    CHECK(count(db, "SELECT length(prompt) FROM request_content c JOIN request r ON r.id = c.request_id"
                    " WHERE r.request_id = 'r7'") == 5 * 1024 * 1024);
}

TEST_CASE("an unknown JSON format names the readers tried", "[ingest][bad][json]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    writeFile(dir.file("odd.json"), R"({"colour":"red","shape":"square"})" "\n");
    auto s = importOk(db, {dir.file("odd.json")});
    REQUIRE(s.files[0].error);
    CHECK(s.files[0].error->code == ErrorCode::Format);
    for (const char* id : {"bedrock_invocation", "aws_cloudtrail", "azure_diag", "openai_usage", "generic_jsonl"})
        CHECK_THAT(s.files[0].error->message, Catch::Contains(id));
}

TEST_CASE("a JSON array streamed element by element keeps each element's offset", "[ingest][json]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    std::string a = jsonRow(1), b = jsonRow(2);
    a.pop_back();
    b.pop_back();
    const std::string doc = "[\n  " + a + ",\n  " + b + "\n]\n";
    writeFile(dir.file("arr.json"), doc);
    auto s = importOk(db, {dir.file("arr.json")});
    CHECK(s.files[0].requests == 2);
    CHECK(count(db, "SELECT byte_offset FROM request WHERE request_id = 'r2'") == static_cast<int64_t>(doc.find(b)));
    CHECK(count(db, "SELECT line FROM request WHERE request_id = 'r2'") == 3);
    CHECK(text(db, "SELECT raw FROM request_raw w JOIN request r ON r.id = w.request_id WHERE r.request_id = 'r2'") == b);
}

TEST_CASE("detectFormat names the reader from the first records without importing", "[ingest][detect]") {
    TempDir dir;
    std::string in;
    for (int i = 0; i < 1000; ++i) in += jsonRow(i % 60);
    writeFile(dir.file("a.jsonl"), in);
    auto f = ingest::detectFormat(dir.file("a.jsonl"));
    REQUIRE(f.ok());
    CHECK(*f == "generic_jsonl");
    writeFile(dir.file("b.csv"), std::string(kCsvHeader) + csvRow(1));
    auto g = ingest::detectFormat(dir.file("b.csv"));
    REQUIRE(g.ok());
    CHECK(*g == "generic_csv");
    writeFile(dir.file("odd.json"), R"({"colour":"red"})" "\n");
    auto h = ingest::detectFormat(dir.file("odd.json"));
    REQUIRE_FALSE(h.ok());
    CHECK_THAT(h.error().message, Catch::Contains("tried"));
}

// Numbers an adversary can write that do not fit the time arithmetic (found by fuzz_import and by
// hand): rejected with a reason, never wrapped around (which would be undefined behaviour).
TEST_CASE("out-of-range times are rejected, not overflowed", "[ingest][bad][json]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    std::string in = R"({"timestamp":1e300,"account_id":"a","request_id":"r1","input_tokens":1})" "\n";
    in += R"({"timestamp":-9.2e18,"account_id":"a","request_id":"r2","input_tokens":1})" "\n";
    in += jsonRow(3);
    writeFile(dir.file("t.jsonl"), in);
    auto s = importOk(db, {dir.file("t.jsonl")});
    CHECK(s.files[0].requests == 1);
    CHECK(s.files[0].rejects == 2);
    CHECK_THAT(text(db, "SELECT reason FROM reject WHERE line = 1"), Catch::Contains("timestamp"));

    writeFile(dir.file("usage.json"),
              R"([{"object":"bucket","start_time":9300000000000000,"end_time":9300000000000001,"results":[]}])");
    auto u = importOk(db, {dir.file("usage.json")});
    CHECK(u.files[0].format == "openai_usage");
    CHECK(u.files[0].buckets == 0);
    CHECK(u.files[0].rejects == 1);
    CHECK_THAT(text(db, "SELECT reason FROM reject r JOIN source_file s ON s.id = r.source_file_id"
                        " WHERE s.format = 'openai_usage'"),
               Catch::Contains("not a plausible epoch time"));
}
