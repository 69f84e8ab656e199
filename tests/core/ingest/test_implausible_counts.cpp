// Counts no real log states are rejected with the reason; the bounds are those documented in
// ingest/plausible_counts.h.
#include "import_test_util.h"

#include "ingest/plausible_counts.h"

using namespace siphon;
using namespace siphon::test;

TEST_CASE("implausible token counts are named", "[ingest][counts]") {
    ingest::RequestRecord r;
    CHECK_FALSE(ingest::implausibleCounts(r));
    r.inputTokens = ingest::kMaxTokensPerRequest;
    CHECK_FALSE(ingest::implausibleCounts(r));
    r.inputTokens = ingest::kMaxTokensPerRequest + 1;
    CHECK_THAT(*ingest::implausibleCounts(r), Catch::Contains("input_tokens") && Catch::Contains("implausible"));
    r.inputTokens = 5;
    r.outputTokens = -1;
    CHECK_THAT(*ingest::implausibleCounts(r), Catch::Contains("output_tokens is negative"));
    ingest::BucketRecord b;
    b.inputTokens = int64_t{1} << 62;
    CHECK(ingest::implausibleCounts(b));
    b.inputTokens = 5'000'000'000;   // a busy day of an organisation: plausible
    CHECK_FALSE(ingest::implausibleCounts(b));
}

TEST_CASE("a request with 2^63-1 input tokens is a reject, not a wrapped total", "[ingest][counts]") {
    TempDir dir;
    writeFile(dir.file("t.csv"), std::string(kCsvHeader) + csvRow(1) +
                                     "2026-02-03T14:00:00Z,acct1,k1,10.0.0.1,gpt-4o,9223372036854775807,100,req-x,p\n");
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("t.csv")});
    CHECK(s.files[0].requests == 1);
    CHECK(s.files[0].rejects == 1);
    CHECK_THAT(text(db, "SELECT reason FROM reject"), Catch::Contains("9223372036854775807"));
    CHECK(count(db, "SELECT line FROM reject") == 3);
    CHECK(count(db, "SELECT sum(input_tokens) FROM request") == 10);
}
