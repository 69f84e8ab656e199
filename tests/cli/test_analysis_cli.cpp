// End to end: generate -> import -> analyze -> accounts / timeline, and hostile entity ids.
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <sstream>

using siphon::test::readFile;
using siphon::test::runCli;
using siphon::test::TempDir;
using siphon::test::writeFile;

namespace {

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string l;
    while (std::getline(ss, l)) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        out.push_back(l);
    }
    return out;
}

} // namespace

TEST_CASE("analyze + accounts + timeline on generated traffic", "[cli][analysis]") {
    TempDir dir;
    const std::string gen = dir.file("gen"), c = dir.file("case.siphon");
    REQUIRE(runCli({"generate", "--out", gen, "--seed", "7", "--accounts", "30", "--days", "3", "--format",
                    "generic_jsonl", "--quiet"})
                .exitCode == 0);
    REQUIRE(runCli({"import", c, gen + "/logs/generic_jsonl"}).exitCode == 0);
    const auto a = runCli({"analyze", c, "--by", "tester"});
    INFO(a.err);
    REQUIRE(a.exitCode == 0);
    CHECK(a.out.find("analysed") != std::string::npos);

    const auto acc = runCli({"accounts", c, "--format", "csv"});
    REQUIRE(acc.exitCode == 0);
    const auto rows = lines(acc.out);
    REQUIRE(rows.size() > 10);
    CHECK(rows[0] ==
          "entity_id,level,score,flagged,cluster_id,requests,input_tokens,output_tokens,first_seen,last_seen,onset,reasons");
    // Sorted by score, descending; every row has a reason.
    double prev = 2.0;
    for (size_t i = 1; i < rows.size(); ++i) {
        const auto c1 = rows[i].find(',');
        const auto c2 = rows[i].find(',', c1 + 1);
        const auto c3 = rows[i].find(',', c2 + 1);
        const double score = std::stod(rows[i].substr(c2 + 1, c3 - c2 - 1));
        CHECK(score <= prev);
        CHECK(score >= 0.0);
        CHECK(score <= 1.0);
        prev = score;
        CHECK(rows[i].substr(c1 + 1, c2 - c1 - 1) == "account");
        CHECK(rows[i].back() != ',');
    }
    CHECK(lines(runCli({"accounts", c, "--top", "3"}).out).size() == 4);

    // Re-runnable: a second run replaces the results (same entity count) and is audited.
    REQUIRE(runCli({"analyze", c, "--quiet"}).exitCode == 0);
    CHECK(lines(runCli({"accounts", c}).out).size() == rows.size());
    const auto audit = runCli({"audit", c});
    CHECK(audit.out.find("analyze") != std::string::npos);
    CHECK(audit.out.find("tester") != std::string::npos);

    const auto json = runCli({"accounts", c, "--format", "json", "--top", "1"});
    REQUIRE(json.exitCode == 0);
    CHECK(json.out.find("\"reasons\"") != std::string::npos);

    const std::string top = rows[1].substr(0, rows[1].find(','));
    const auto tl = runCli({"timeline", c, "--entity", top, "--bucket", "1h"});
    REQUIRE(tl.exitCode == 0);
    const auto tlRows = lines(tl.out);
    REQUIRE(tlRows.size() > 1);
    CHECK(tlRows[0] == "bucket_start,requests,input_tokens,output_tokens,model,bucket_width_s");
    CHECK(tlRows[1].find("Z,") != std::string::npos);
    CHECK(runCli({"timeline", c, "--entity", top, "--bucket", "1d", "--format", "json"}).out.find("\"buckets\"") !=
          std::string::npos);
    CHECK(runCli({"timeline", c, "--entity", "no-such-entity"}).exitCode == 1);
}

TEST_CASE("accounts CSV neutralises formula entity ids; bad usage exits 2", "[cli][analysis]") {
    TempDir dir;
    std::string csv = "timestamp,account_id,model,input_tokens,output_tokens,prompt\n";
    for (int i = 0; i < 40; ++i)
        csv += "2026-01-05T0" + std::to_string(i / 6) + ":" + std::to_string(i % 6) + "0:00Z," +
               (i % 2 ? "\"=HYPERLINK(\"\"http://x\"\")\"" : std::string("acct-b")) + ",gpt-4o,100," +
               std::to_string(50 + i) + ",hello " + std::to_string(i) + "\n";
    writeFile(dir.file("h.csv"), csv);
    const std::string c = dir.file("h.siphon");
    REQUIRE(runCli({"import", c, dir.file("h.csv")}).exitCode == 0);
    REQUIRE(runCli({"analyze", c, "--quiet"}).exitCode == 0);
    const auto acc = runCli({"accounts", c});
    REQUIRE(acc.exitCode == 0);
    CHECK(acc.out.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);
    CHECK(acc.out.find("\n=") == std::string::npos);

    CHECK(runCli({"analyze", c, "--level", "galaxy"}).exitCode == 2);
    CHECK(runCli({"accounts", c, "--format", "xml"}).exitCode == 2);
    CHECK(runCli({"timeline", c}).exitCode == 2);
    CHECK(runCli({"analyze", dir.file("missing.siphon")}).exitCode == 1);
}
