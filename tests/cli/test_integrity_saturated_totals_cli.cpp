// Issue #9 (tracker 13), Medium: totals must never wrap negative. Each usage bucket may state up to
// 10^15 tokens (a plausible count), so 9,300 of them for one key add up past 2^63. `analyze`,
// `accounts`, `timeline` and the PDF report must stop at the int64 limit and say it is a lower
// bound; they used to print -8446744073709551616 (analysis) or fail with SQLite's "integer
// overflow" (timeline). A case written before the plausibility check (2^63 - 1 on a request row)
// must still export.
#include "integrity_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

namespace {

constexpr int kResults = 9300;   // 9,300 x 10^15 > 9,223,372,036,854,775,807

// One OpenAI usage bucket whose results (one per user) all belong to key_A.
std::string hugeBucketPage() {
    std::string page = R"([{"object":"bucket","start_time":1770076800,"end_time":1770080400,"results":[)";
    for (int i = 0; i < kResults; ++i) {
        if (i) page += ',';
        page += R"({"object":"organization.usage.completions.result","input_tokens":1000000000000000,)"
                R"("output_tokens":1000000000000000,"num_model_requests":1,"project_id":null,"user_id":"u)" +
                std::to_string(i) + R"(","api_key_id":"key_A","model":"gpt-4o","batch":null,"input_cached_tokens":0})";
    }
    return page + "]}]\n";
}

QJsonArray jsonArray(const std::string& text) { return QJsonDocument::fromJson(QByteArray::fromStdString(text)).array(); }

} // namespace

// One 2.3 MB usage record makes 9,300 buckets: they share its bytes (ingest/batch.h), so import
// stays bounded (it used to copy the record per bucket: 16.7 GB after 2 min).
TEST_CASE("cli: token totals past int64 saturate and say so in accounts, timeline and the report",
          "[cli][integrity][counts]") {
    test::TempDir dir;
    test::writeFile(dir.file("usage.json"), hugeBucketPage());
    const std::string c = dir.file("c.siphon");
    auto imp = test::runCli({"import", c, dir.file("usage.json")});
    INFO(imp.out << imp.err);
    REQUIRE(imp.exitCode == 0);
    CHECK_THAT(imp.out, Catch::Contains(std::to_string(kResults) + " buckets") && Catch::Contains("0 rejected"));
    REQUIRE(test::runCli({"analyze", c, "--level", "key"}).exitCode == 0);

    auto acc = test::runCli({"accounts", c, "--level", "key", "--format", "json"});
    INFO(acc.out << acc.err);
    REQUIRE(acc.exitCode == 0);
    const auto rows = jsonArray(acc.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].toObject()["input_tokens"].toDouble() == 9223372036854775807.0);
    CHECK(rows[0].toObject()["output_tokens"].toDouble() == 9223372036854775807.0);
    CHECK_THAT(acc.err, Catch::Contains("2 total(s) reached 9223372036854775807"));
    auto csv = test::runCli({"accounts", c, "--level", "key"});
    CHECK_THAT(csv.out, Catch::Contains(",9223372036854775807,9223372036854775807,"));
    CHECK(csv.out.find(",-") == std::string::npos);

    // One bucket, 9,300 rows summed: SQL sum() failed here with "integer overflow".
    auto tl = test::runCli({"timeline", c, "--level", "key", "--entity", "key_A", "--bucket", "1h"});
    INFO(tl.out << tl.err);
    REQUIRE(tl.exitCode == 0);
    CHECK_THAT(tl.out, Catch::Contains("2026-02-03T00:00:00Z,9300,9223372036854775807,9223372036854775807,,3600"));
    CHECK_THAT(tl.err, Catch::Contains("reached 9223372036854775807"));

    REQUIRE(test::runCli({"tag", c, "--entity", "key_A", "--level", "key", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    auto ex = test::runCli({"export", c, "--out", dir.file("b.zip"), "--export-time", "2026-03-01T12:00:00Z"});
    INFO(ex.out << ex.err);
    REQUIRE(ex.exitCode == 0);
#ifdef SIPHON_HAVE_UI   // the PDF report is rendered by the UI library (absent in core-only builds)
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("pdftotext");
    const std::string x = dir.file("x");
    REQUIRE(test::runTool("unzip", {"-q", dir.file("b.zip"), "report.pdf", "-d", x}).exitCode == 0);
    auto pdf = test::runTool("pdftotext", {x + "/report.pdf", "-"});
    REQUIRE(pdf.exitCode == 0);
    CHECK_THAT(pdf.out, Catch::Contains("at least 9,223,372,036,854,775,807"));
    CHECK(pdf.out.find("-8,446,744") == std::string::npos);
#endif
}

TEST_CASE("cli: a case holding 2^63 - 1 on request rows (written before the plausibility check) still exports",
          "[cli][integrity][counts]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    // key-e2 is tagged at the key level, never analysed: its finding is summed from the request rows.
    test::tamper(c, "UPDATE request SET input_tokens = 9223372036854775807 WHERE api_key_id = 'key-e2'");
    auto ex = test::runCli({"export", c, "--out", dir.file("b.zip")});
    INFO(ex.out << ex.err);
    CHECK(ex.exitCode == 0);
    CHECK(ex.err.find("integer overflow") == std::string::npos);
    CHECK(test::runCli({"verify", dir.file("b.zip")}).exitCode == 0);
}
