// OpenAI usage / costs and Anthropic usage buckets: one row per result, empty buckets kept,
// group-by derived from non-null dimensions, nominal widths only for aligned buckets.
#include "readers_test_util.h"

#include <cmath>
#include <fstream>
#include <iterator>

using namespace siphon;
using namespace siphon::test;
using namespace siphon::test::readers;

namespace {
std::string bucketCol(const store::Database& db, const std::string& col, const std::string& where) {
    return val(db, "SELECT " + col + " FROM usage_bucket WHERE " + where);
}
} // namespace

TEST_CASE("openai_usage: bare array of buckets, unaligned first, empty and truncated buckets", "[readers][openai]") {
    TempDir dir;
    ingest::ImportOptions opt;
    opt.settings.orgIdHint = "org-hint";
    auto imp = importOne(dir, fixture("openai_usage/usage_buckets.json"), opt);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "openai_usage");
    CHECK(imp.file.buckets == 5);   // 2 + 1 + 1 empty + 1 empty (truncated)
    CHECK(imp.file.rejects == 1);
    CHECK(imp.file.requests == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE is_empty = 1") == 2);
    CHECK(val(imp.db, "SELECT reason FROM reject") == "results[0]: non-numeric input_tokens 'many'");

    // First bucket starts at the requested start time: no nominal width, real width kept.
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE bucket_start_us = 1770060660000000") == 2);
    CHECK(bucketCol(imp.db, "requested_width", "bucket_start_us = 1770060660000000 AND api_key_id = 'key_BBB'") == "NULL");
    CHECK(bucketCol(imp.db, "bucket_width_s", "bucket_start_us = 1770060660000000 AND api_key_id = 'key_BBB'") == "16140");
    CHECK(bucketCol(imp.db, "group_by", "api_key_id = 'key_BBB'") == "api_key_id,model");
    CHECK(bucketCol(imp.db, "model", "api_key_id = 'key_BBB'") == "gpt-4o-mini");
    CHECK(bucketCol(imp.db, "project_id", "api_key_id = 'key_BBB'") == "NULL");   // null = not grouped

    const std::string day2 = "bucket_start_us = 1770076800000000";
    CHECK(bucketCol(imp.db, "requested_width", day2) == "1d");
    CHECK(bucketCol(imp.db, "input_tokens", day2) == "18250440");
    CHECK(bucketCol(imp.db, "cached_read_tokens", day2) == "2048000");
    CHECK(bucketCol(imp.db, "output_tokens", day2) == "9731002");
    CHECK(bucketCol(imp.db, "num_requests", day2) == "4120");
    CHECK(bucketCol(imp.db, "org_id", day2) == "org-hint");

    const std::string empty = "bucket_start_us = 1770163200000000";
    CHECK(bucketCol(imp.db, "is_empty", empty) == "1");
    CHECK(bucketCol(imp.db, "group_by", empty) == "");
    CHECK(bucketCol(imp.db, "input_tokens", empty) == "NULL");
    CHECK(bucketCol(imp.db, "requested_width", empty) == "1d");
    const std::string truncated = "bucket_start_us = 1770336000000000";
    CHECK(bucketCol(imp.db, "requested_width", truncated) == "NULL");
    CHECK(bucketCol(imp.db, "bucket_end_us", truncated) == "1770341000000000");
}

TEST_CASE("openai_usage: costs page with line items and organization_id", "[readers][openai]") {
    TempDir dir;
    ingest::ImportOptions opt;
    opt.settings.orgIdHint = "org-hint";
    auto imp = importOne(dir, fixture("openai_usage/costs_page.json"), opt);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "openai_usage");
    CHECK(imp.file.buckets == 3);
    CHECK(imp.file.rejects == 0);
    const std::string input = "line_item = 'gpt-4o, input'";
    CHECK(std::fabs(std::stod(bucketCol(imp.db, "cost_usd", input)) - 0.13080438340307526) < 1e-15);
    CHECK(bucketCol(imp.db, "org_id", input) == "org-TESTc0stsOrg");
    CHECK(bucketCol(imp.db, "project_id", input) == "proj_X");
    CHECK(bucketCol(imp.db, "group_by", input) == "line_item,project_id");
    CHECK(bucketCol(imp.db, "num_requests", input) == "NULL");
    CHECK(bucketCol(imp.db, "cost_usd", "line_item = 'gpt-4o, output'") == "2.5");
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE is_empty = 1 AND org_id = 'org-hint'") == 1);
}

TEST_CASE("a usage record that makes several buckets stores its bytes once, exactly", "[readers][openai]") {
    TempDir dir;
    const std::string path = fixture("openai_usage/usage_buckets.json");
    auto imp = importOne(dir, path);
    REQUIRE_FALSE(imp.file.error);
    // Per record (byte offset): exactly one bucket carries the raw bytes, and they are the record's.
    CHECK(num(imp.db, "SELECT count(*) FROM (SELECT byte_offset FROM usage_bucket GROUP BY byte_offset"
                      " HAVING sum(length(raw) > 0) <> 1)") == 0);
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE length(raw) = 0") > 0);   // a record made 2 buckets
    std::ifstream in(path, std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto st = imp.db.prepare("SELECT byte_offset, byte_length, raw FROM usage_bucket WHERE length(raw) > 0");
    REQUIRE(st.ok());
    int checked = 0;
    while (st->step() == store::StepResult::Row) {
        const auto off = static_cast<size_t>(st->columnInt(0)), len = static_cast<size_t>(st->columnInt(1));
        CHECK(file.substr(off, len) == st->columnText(2));
        ++checked;
    }
    CHECK(checked == num(imp.db, "SELECT count(DISTINCT byte_offset) FROM usage_bucket"));
}

TEST_CASE("anthropic_usage: cache-inclusive input totals, NULL request counts", "[readers][anthropic]") {
    TempDir dir;
    ingest::ImportOptions opt;
    opt.settings.orgIdHint = "anthropic-org-1";
    auto imp = importOne(dir, fixture("anthropic_usage/usage_report.json"), opt);
    REQUIRE_FALSE(imp.file.error);
    CHECK(imp.file.format == "anthropic_usage");
    CHECK(imp.file.buckets == 3);
    CHECK(imp.file.rejects == 2);
    const std::string a = "api_key_id = 'apikey_01A'";
    CHECK(bucketCol(imp.db, "bucket_start_us", a) == "1770127200000000");
    CHECK(bucketCol(imp.db, "bucket_end_us", a) == "1770130800000000");
    CHECK(bucketCol(imp.db, "requested_width", a) == "1h");
    CHECK(bucketCol(imp.db, "input_tokens", a) == "58606747");   // 7340211 + 51200000 + 65536 + 1000
    CHECK(bucketCol(imp.db, "cached_read_tokens", a) == "51200000");
    CHECK(bucketCol(imp.db, "cache_write_tokens", a) == "66536");
    CHECK(bucketCol(imp.db, "output_tokens", a) == "11902377");
    CHECK(bucketCol(imp.db, "num_requests", a) == "NULL");
    CHECK(bucketCol(imp.db, "project_id", a) == "wrkspc_01W");
    CHECK(bucketCol(imp.db, "service_tier", a) == "standard");
    CHECK(bucketCol(imp.db, "org_id", a) == "anthropic-org-1");
    CHECK(bucketCol(imp.db, "group_by", a) == "api_key_id,model,service_tier,workspace_id");
    CHECK(bucketCol(imp.db, "project_id", "api_key_id = 'apikey_01B'") == "NULL");
    CHECK(num(imp.db, "SELECT count(*) FROM usage_bucket WHERE is_empty = 1") == 1);
    CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE reason = 'results[0]: non-numeric output_tokens ''five'''") == 1);
    CHECK(num(imp.db, "SELECT count(*) FROM reject WHERE reason = 'unparseable starting_at ''not-a-time'''") == 1);
}
