// End to end: generate (all formats, dirty) -> import -> info matches truth/expected.json (CloudTrail
// events of the calls the Bedrock invocation log also has are joined into those calls), every
// injected fault is in the reject/duplicate tables at its line, and re-importing adds nothing.
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <set>
#include <sstream>

using namespace siphon;

namespace {

QJsonObject parseObject(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

// "…/logs/<format>/file" -> ("<format>", "logs/<format>/file")
std::pair<std::string, std::string> splitLogPath(const std::string& path) {
    const size_t p = path.rfind("/logs/");
    if (p == std::string::npos) return {};
    const std::string rel = path.substr(p + 1);
    const size_t slash = rel.find('/', 5);
    return {rel.substr(5, slash - 5), rel};
}

struct Totals {
    int64_t records = 0, requests = 0, buckets = 0, rejects = 0, duplicates = 0, files = 0;
    int64_t joined = 0;   // CloudTrail events joined into their Bedrock invocation's request
};

std::map<std::string, Totals> perFormat(const QJsonObject& info) {
    std::map<std::string, Totals> out;
    for (const auto& v : info[QStringLiteral("sources")].toArray()) {
        const QJsonObject s = v.toObject();
        const auto [format, rel] = splitLogPath(s[QStringLiteral("path")].toString().toStdString());
        Totals& t = out[format];
        t.records += s[QStringLiteral("records")].toInteger();
        t.requests += s[QStringLiteral("requests")].toInteger();
        t.buckets += s[QStringLiteral("buckets")].toInteger();
        t.rejects += s[QStringLiteral("rejects")].toInteger();
        t.duplicates += s[QStringLiteral("duplicates")].toInteger();
        t.joined += s[QStringLiteral("joined")].toInteger();
        t.files += 1;
        CHECK(s[QStringLiteral("format")].toString().toStdString() == format);   // auto-detection
        CHECK(s[QStringLiteral("complete")].toBool());
    }
    return out;
}

std::set<std::pair<std::string, int64_t>> linesOf(const store::Database& db, const char* sql) {
    std::set<std::pair<std::string, int64_t>> out;
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    while (st->step() == store::StepResult::Row) out.emplace(splitLogPath(st->columnText(0)).second, st->columnInt(1));
    return out;
}

} // namespace

TEST_CASE("generate -> import -> info matches the generator's truth", "[cli][generate]") {
    test::TempDir dir;
    const std::string out = dir.file("gen"), kase = dir.file("case.siphon");
    auto gen = test::runCli({"generate", "--out", out, "--accounts", "6", "--days", "1", "--format", "all", "--dirty",
                             "--seed", "3", "--quiet"});
    REQUIRE(gen.exitCode == 0);
    auto imp = test::runCli({"import", kase, out + "/logs"});
    INFO(imp.err);
    REQUIRE(imp.exitCode == 0);
    auto info = test::runCli({"info", kase, "--json"});
    REQUIRE(info.exitCode == 0);
    const QJsonObject got = parseObject(info.out);
    const QJsonObject expected = parseObject(test::readFile(out + "/truth/expected.json"));
    REQUIRE(!expected.isEmpty());

    const auto totals = perFormat(got);
    const QJsonObject formats = expected[QStringLiteral("formats")].toObject();
    REQUIRE(formats.size() == 8);
    int64_t requests = 0, buckets = 0, rejects = 0, duplicates = 0;
    for (auto it = formats.begin(); it != formats.end(); ++it) {
        const std::string name = it.key().toStdString();
        const QJsonObject e = it.value().toObject();
        INFO("format " << name);
        REQUIRE(totals.count(name) == 1);
        const Totals& t = totals.at(name);
        CHECK(t.records == e[QStringLiteral("records")].toInteger());
        // A CloudTrail event of a call the invocation log also has is joined into that call's request.
        CHECK(t.requests + t.joined == e[QStringLiteral("requests")].toInteger());
        CHECK(t.buckets == e[QStringLiteral("buckets")].toInteger());
        CHECK(t.rejects == e[QStringLiteral("rejects")].toInteger());
        CHECK(t.duplicates == e[QStringLiteral("duplicates")].toInteger());
        CHECK(t.files == e[QStringLiteral("files")].toInteger());
        requests += t.requests;
        buckets += t.buckets;
        rejects += t.rejects;
        duplicates += t.duplicates;
    }
    // Every invocation record has its CloudTrail event: the case counts each such call once.
    CHECK(totals.at("aws_cloudtrail").joined ==
          formats[QStringLiteral("bedrock_invocation")].toObject()[QStringLiteral("requests")].toInteger());
    CHECK(got[QStringLiteral("requests")].toInteger() == requests);
    CHECK(got[QStringLiteral("buckets")].toInteger() == buckets);
    CHECK(got[QStringLiteral("rejects")].toInteger() == rejects);
    CHECK(got[QStringLiteral("duplicates")].toInteger() == duplicates);
    CHECK(got[QStringLiteral("conflicts")].toInteger() == 0);
    CHECK(rejects > 0);
    const QJsonObject entities = expected[QStringLiteral("entities")].toObject();
    for (const char* level : {"account", "project", "key", "user", "ip"}) {
        INFO("entities at level " << level);
        CHECK(got[QStringLiteral("entities")].toObject()[QLatin1String(level)].toInteger() ==
              entities[QLatin1String(level)].toInteger());
    }

    // Every injected fault sits in the reject (or duplicate) table at its line, and nothing else does.
    std::set<std::pair<std::string, int64_t>> faultRejects, faultDuplicates;
    std::istringstream faults(test::readFile(out + "/truth/faults.csv"));
    std::string line;
    std::getline(faults, line);
    REQUIRE(line == "file,line,kind");
    while (std::getline(faults, line)) {
        const size_t a = line.find(','), b = line.rfind(',');
        const std::string file = line.substr(0, a), kind = line.substr(b + 1);
        const int64_t at = std::stoll(line.substr(a + 1, b - a - 1));
        (kind == "duplicate" ? faultDuplicates : faultRejects).emplace(file, at);
    }
    REQUIRE(!faultRejects.empty());
    {
        auto db = store::openCase(kase, store::CaseAccess::Read);
        REQUIRE(db.ok());
        CHECK(linesOf(*db, "SELECT s.path, r.line FROM reject r JOIN source_file s ON s.id = r.source_file_id") ==
              faultRejects);
        CHECK(linesOf(*db, "SELECT s.path, d.line FROM duplicate d JOIN source_file s ON s.id = d.source_file_id") ==
              faultDuplicates);
    }

    // Importing the same directory again adds nothing.
    auto again = test::runCli({"import", kase, out + "/logs"});
    REQUIRE(again.exitCode == 0);
    const QJsonObject after = parseObject(test::runCli({"info", kase, "--json"}).out);
    for (const char* k : {"requests", "buckets", "rejects", "duplicates"})
        CHECK(after[QLatin1String(k)].toInteger() == got[QLatin1String(k)].toInteger());
    CHECK(after[QStringLiteral("sources")].toArray().size() == got[QStringLiteral("sources")].toArray().size());
}

TEST_CASE("generate rejects bad usage with exit code 2", "[cli][generate]") {
    test::TempDir dir;
    CHECK(test::runCli({"generate"}).exitCode == 2);
    CHECK(test::runCli({"generate", "--out", dir.file("x"), "--format", "nope"}).exitCode == 2);
    CHECK(test::runCli({"generate", "--out", dir.file("x"), "--accounts", "0"}).exitCode == 2);
    CHECK(test::runCli({"generate", "--out", dir.file("x"), "--days", "many"}).exitCode == 2);
}

TEST_CASE("generate defaults to generic_csv and is deterministic from the command line", "[cli][generate]") {
    test::TempDir dir;
    for (const char* name : {"a", "b"}) {
        auto r = test::runCli({"generate", "--out", dir.file(name), "--accounts", "5", "--days", "2", "--seed", "9", "--quiet"});
        REQUIRE(r.exitCode == 0);
    }
    const std::string a = test::readFile(dir.file("a") + "/logs/generic_csv/generic_csv-2026-01-06.csv");
    CHECK(!a.empty());
    CHECK(a == test::readFile(dir.file("b") + "/logs/generic_csv/generic_csv-2026-01-06.csv"));
    CHECK(test::readFile(dir.file("a") + "/truth/labels.csv") == test::readFile(dir.file("b") + "/truth/labels.csv"));
}
