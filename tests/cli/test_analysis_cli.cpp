// End to end: generate -> import -> analyze -> accounts / timeline, and hostile entity ids.
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
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

namespace {

// Splits a CSV line without quoted commas (generated ids, timestamps and numbers only; reasons last).
std::vector<std::string> cells(const std::string& line, size_t upTo) {
    std::vector<std::string> out;
    size_t start = 0;
    while (out.size() < upTo) {
        const size_t comma = line.find(',', start);
        out.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

// "2026-01-08T17:00:00Z" -> seconds since the epoch (UTC), enough for hour differences.
int64_t isoSeconds(const std::string& t) {
    if (t.size() < 19) return -1;
    const int y = std::stoi(t.substr(0, 4)), mo = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
    const int yy = y - (mo <= 2 ? 1 : 0);
    const int era = yy / 400, yoe = yy - era * 400, mp = (mo + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
    return days * 86400 + std::stoi(t.substr(11, 2)) * 3600 + std::stoi(t.substr(14, 2)) * 60 + std::stoi(t.substr(17, 2));
}

} // namespace

TEST_CASE("a turncoat is flagged on what it did after turning, with its onset", "[cli][analysis]") {
    TempDir dir;
    const std::string gen = dir.file("gen"), c = dir.file("case.siphon");
    REQUIRE(runCli({"generate", "--out", gen, "--seed", "3", "--accounts", "60", "--days", "8", "--format",
                    "generic_jsonl", "--quiet"})
                .exitCode == 0);
    REQUIRE(runCli({"import", c, gen + "/logs/generic_jsonl"}).exitCode == 0);
    REQUIRE(runCli({"analyze", c, "--quiet"}).exitCode == 0);
    std::map<std::string, int64_t> truthOnset;   // turncoat account -> labelled onset
    for (const auto& l : lines(readFile(gen + "/truth/labels.csv"))) {
        const auto f = cells(l, 6);
        if (f.size() == 6 && f[0] == "account" && f[2] == "turncoat") truthOnset[f[1]] = isoSeconds(f[5]);
    }
    REQUIRE_FALSE(truthOnset.empty());
    int seen = 0;
    for (const auto& l : lines(runCli({"accounts", c, "--format", "csv"}).out)) {
        // entity_id,level,score,flagged,cluster_id,requests,input_tokens,output_tokens,first_seen,last_seen,onset,reasons
        const auto f = cells(l, 12);
        auto t = truthOnset.find(f[0]);
        if (t == truthOnset.end() || f.size() < 12) continue;
        ++seen;
        INFO(l);
        CHECK(f[3] == "1");
        const int64_t onset = isoSeconds(f[10]);
        CHECK(onset > 0);
        CHECK(std::llabs(onset - t->second) <= 2 * 3600);
    }
    CHECK(seen == static_cast<int>(truthOnset.size()));
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
