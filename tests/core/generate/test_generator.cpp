// The synthetic-traffic generator: determinism, truth consistency, faults at their lines, formats.
#include "generate/generator.h"
#include "generate_test_util.h"
#include "test_paths.h"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <filesystem>
#include <set>

using namespace siphon;
namespace fs = std::filesystem;

namespace {

generate::GenerateOptions small(const std::string& dir, uint64_t seed, bool dirty, std::vector<std::string> formats) {
    generate::GenerateOptions o;
    o.outDir = dir;
    o.seed = seed;
    o.accounts = 12;
    o.days = 2;
    o.dirty = dirty;
    o.formats = std::move(formats);
    return o;
}

std::map<std::string, std::string> tree(const std::string& root) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) files[fs::relative(e.path(), root).string()] = test::readFile(e.path().string());
    return files;
}

bool parsesAsJson(const std::string& line) {
    simdjson::dom::parser p;
    simdjson::dom::element el;
    return !p.parse(line).get(el);
}

} // namespace

TEST_CASE("generate is byte-identical for the same arguments and differs across seeds", "[generate]") {
    test::TempDir a, b, c;
    REQUIRE(generate::generate(small(a.path(), 7, true, generate::allFormats())).ok());
    REQUIRE(generate::generate(small(b.path(), 7, true, generate::allFormats())).ok());
    REQUIRE(generate::generate(small(c.path(), 8, true, generate::allFormats())).ok());
    const auto ta = tree(a.path()), tb = tree(b.path()), tc = tree(c.path());
    REQUIRE(ta.size() >= 19);   // 8 formats x 2 days + 3 truth files
    CHECK(ta == tb);
    CHECK(ta.at("truth/labels.csv") != tc.at("truth/labels.csv"));
    CHECK(ta.at("logs/generic_csv/generic_csv-2026-01-05.csv") != tc.at("logs/generic_csv/generic_csv-2026-01-05.csv"));
}

TEST_CASE("generate --format all writes every format with the documented layout", "[generate]") {
    test::TempDir dir;
    auto r = generate::generate(small(dir.path(), 3, false, generate::allFormats()));
    REQUIRE(r.ok());
    for (const auto& f : generate::allFormats()) {
        INFO(f);
        REQUIRE(r->formats.count(f) == 1);
        CHECK(r->formats.at(f).files >= 2);
        CHECK(fs::is_directory(dir.path() + "/logs/" + f));
        CHECK(r->formats.at(f).requests + r->formats.at(f).buckets > 0);
    }
    CHECK(fs::exists(dir.path() + "/logs/bedrock_invocation/bedrock_invocation-2026-01-05.jsonl.gz"));
    CHECK(fs::exists(dir.path() + "/truth/labels.csv"));
    CHECK(fs::exists(dir.path() + "/truth/expected.json"));
    CHECK_FALSE(fs::exists(dir.path() + "/truth/faults.csv"));   // clean run
    // Bedrock and CloudTrail describe the same calls: every Bedrock request id is a CloudTrail requestID.
    const std::string bedrock = test::gen::readAll(dir.path() + "/logs/bedrock_invocation/bedrock_invocation-2026-01-05.jsonl.gz");
    std::string trail;
    for (const auto& e : fs::directory_iterator(dir.path() + "/logs/aws_cloudtrail"))
        if (e.path().filename().string().find("2026-01-05") != std::string::npos) trail += test::gen::readAll(e.path().string());
    const auto lines = test::gen::splitLines(bedrock);
    REQUIRE(lines.size() > 10);
    for (size_t i = 0; i < lines.size(); i += lines.size() / 10) {
        const size_t p = lines[i].find("\"requestId\":\"");
        REQUIRE(p != std::string::npos);
        const std::string id = lines[i].substr(p + 13, 36);
        CHECK(trail.find("\"requestID\":\"" + id + "\"") != std::string::npos);
    }
    // Every record of the jsonl format is valid JSON and every expected request is a line.
    int64_t lineCount = 0;
    for (const auto& e : fs::directory_iterator(dir.path() + "/logs/generic_jsonl"))
        for (const auto& l : test::gen::splitLines(test::readFile(e.path().string()))) {
            CHECK(parsesAsJson(l));
            ++lineCount;
        }
    CHECK(lineCount == r->formats.at("generic_jsonl").requests);
    CHECK(r->formats.at("generic_jsonl").requests == r->formats.at("generic_csv").requests);
}

TEST_CASE("generate labels cover every account and include each malicious kind", "[generate]") {
    test::TempDir dir;
    generate::GenerateOptions o = small(dir.path(), 11, false, {"generic_csv"});
    o.accounts = 60;
    o.days = 6;
    auto r = generate::generate(o);
    REQUIRE(r.ok());
    const auto labels = test::gen::splitLines(test::readFile(dir.path() + "/truth/labels.csv"));
    REQUIRE(labels.front() == "level,entity_id,archetype,malicious,network_id,onset");
    std::set<std::string> archetypes, accounts;
    int malicious = 0, withOnset = 0, withNetwork = 0;
    for (size_t i = 1; i < labels.size(); ++i) {
        const std::string& l = labels[i];
        if (l.rfind("account,", 0) != 0) continue;
        const auto c1 = l.find(',', 8), c2 = l.find(',', c1 + 1), c3 = l.find(',', c2 + 1), c4 = l.find(',', c3 + 1);
        accounts.insert(l.substr(8, c1 - 8));
        archetypes.insert(l.substr(c1 + 1, c2 - c1 - 1));
        if (l.substr(c2 + 1, 1) == "1") ++malicious;
        if (c4 + 1 < l.size()) ++withOnset;
        if (c4 > c3 + 1) ++withNetwork;
    }
    CHECK(static_cast<int64_t>(accounts.size()) == r->entities.at("account"));
    CHECK(accounts.size() <= 60);
    for (const char* kind : {"extractor", "hydra", "slow_and_low", "capability_sweeper", "turncoat", "developer",
                             "nightly_batch", "eval_customer", "enterprise", "shared_office", "tutor_app"})
        CHECK(archetypes.count(kind) == 1);
    CHECK(malicious >= 3);
    CHECK(malicious <= 20);
    CHECK(withOnset >= 1);
    CHECK(withNetwork >= 5);
}

TEST_CASE("generate --dirty lists every fault at its line", "[generate]") {
    test::TempDir dir;
    auto r = generate::generate(small(dir.path(), 5, true, {"generic_jsonl", "bedrock_invocation", "generic_csv"}));
    REQUIRE(r.ok());
    const auto faults = test::gen::readFaults(dir.path() + "/truth/faults.csv");
    REQUIRE(static_cast<int64_t>(faults.size()) == r->faults);
    int64_t rejects = 0, duplicates = 0, truncated = 0;
    for (const auto& f : faults) {
        INFO(f.file << ":" << f.line << " " << f.kind);
        const auto lines = test::gen::splitLines(test::gen::readAll(dir.path() + "/" + f.file));
        REQUIRE(f.line >= 1);
        REQUIRE(f.line <= static_cast<long long>(lines.size()));
        const std::string& line = lines[static_cast<size_t>(f.line - 1)];
        if (f.kind == "duplicate") {
            ++duplicates;
            if (f.file.find(".csv") == std::string::npos) CHECK(line == lines[static_cast<size_t>(f.line - 2)]);
            continue;
        }
        ++rejects;
        CHECK(f.kind.rfind("reject_", 0) == 0);
        if (f.kind == "reject_truncated_line") {
            ++truncated;
            CHECK(static_cast<size_t>(f.line) == lines.size());
        }
        if (f.file.find(".csv") != std::string::npos) continue;   // CSV rows may span lines; checked by the CLI test
        const bool json = parsesAsJson(line);
        if (f.kind == "reject_malformed_json" || f.kind == "reject_invalid_utf8" || f.kind == "reject_truncated_line")
            CHECK_FALSE(json);
        else
            CHECK(json);
        if (f.kind == "reject_missing_timestamp") CHECK(line.find("\"timestamp\"") == std::string::npos);
    }
    int64_t expectedRejects = 0, expectedDuplicates = 0;
    for (const auto& [name, c] : r->formats) {
        expectedRejects += c.rejects;
        expectedDuplicates += c.duplicates;
    }
    CHECK(rejects == expectedRejects);
    CHECK(duplicates == expectedDuplicates);
    CHECK(truncated == 3);   // the final line of each format's last file
    CHECK(rejects > 5);
}

TEST_CASE("generate rejects bad options", "[generate]") {
    test::TempDir dir;
    auto o = small(dir.path(), 1, false, {"no_such_format"});
    auto r = generate::generate(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Usage);
    o.formats = {"generic_csv"};
    o.days = 0;
    CHECK_FALSE(generate::generate(o).ok());
}
