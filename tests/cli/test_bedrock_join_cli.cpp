// End to end: a generated Bedrock folder holding both logs of the same calls (invocation records
// and CloudTrail events, with throttled and failed calls in CloudTrail only), imported folder by
// folder in both orders. Each order gives one request per call, the IP level carries every
// output token, and `info`, `accounts --level ip` and `analyze --level ip` say the same.
#include "ingest_cli_util.h"

#include "generate/generator.h"
#include "store/case_file.h"

#include <chrono>
#include <thread>

using namespace siphon;
using namespace siphon::test::ingest_cli;

namespace {

struct Generated {
    std::string logs;
    int64_t invocations = 0, cloudtrailEvents = 0;
};

Generated generateBothLogs(const test::TempDir& dir) {
    generate::GenerateOptions gen;
    gen.outDir = dir.file("gen");
    gen.accounts = 8;
    gen.days = 2;
    gen.seed = 5;
    gen.formats = {"bedrock_invocation", "aws_cloudtrail"};
    auto summary = generate::generate(gen);
    REQUIRE(summary.ok());
    Generated g{gen.outDir + "/logs", summary->formats.at("bedrock_invocation").requests,
                summary->formats.at("aws_cloudtrail").requests};
    // The invocation log records the successful calls only: a subset of CloudTrail's.
    REQUIRE(g.invocations > 500);
    REQUIRE(g.cloudtrailEvents > g.invocations);
    return g;
}

void importOk(const std::vector<std::string>& args) {
    auto r = test::runCli(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

std::string cliOut(const std::vector<std::string>& args) {
    auto r = test::runCli(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

// Output tokens of the IP level's entities, and of the account level's (every row names an account).
std::pair<double, double> outputTokensIpAndAccount(const std::string& casePath) {
    double sums[2] = {0, 0};
    int i = 0;
    for (const char* level : {"ip", "account"}) {
        const auto doc = QJsonDocument::fromJson(
            QByteArray::fromStdString(cliOut({"accounts", casePath, "--level", level, "--format", "json"})));
        REQUIRE(doc.isArray());
        for (const auto& row : doc.array()) sums[i] += row.toObject()[QStringLiteral("output_tokens")].toDouble();
        ++i;
    }
    return {sums[0], sums[1]};
}

std::string importInOrder(const test::TempDir& dir, const Generated& g, const std::string& name,
                          const std::vector<std::string>& folders) {
    const std::string c = dir.file(name);
    for (const std::string& folder : folders) importOk({"import", c, g.logs + "/" + folder, "--quiet"});
    const QJsonObject info = infoJson(c);
    CHECK(info[QStringLiteral("requests")].toDouble() == static_cast<double>(g.cloudtrailEvents));
    const QJsonObject join = info[QStringLiteral("join")].toObject();
    CHECK(join[QStringLiteral("cloudtrail_bedrock_joined")].toDouble() == static_cast<double>(g.invocations));
    CHECK(join[QStringLiteral("cloudtrail_only")].toDouble() ==
          static_cast<double>(g.cloudtrailEvents - g.invocations));
    CHECK(join[QStringLiteral("cloudtrail_only_by_error")].toObject().contains(QStringLiteral("ThrottlingException")));

    cliOut({"analyze", c, "--level", "ip"});
    const auto [ipTokens, accountTokens] = outputTokensIpAndAccount(c);
    CHECK(accountTokens > 0);
    CHECK(ipTokens == accountTokens); // every call's row carries its IP and its tokens
    return cliOut({"accounts", c, "--level", "ip", "--format", "csv"}) +
        cliOut({"accounts", c, "--level", "key", "--format", "csv"});
}

int64_t query(const std::string& casePath, const std::string& sql) {
    auto db = store::openCase(casePath, store::CaseAccess::Read, 50);
    if (!db) return 0;
    auto n = db->queryInt(sql);
    return n ? *n : 0;
}

// Every file's counters agree with its rows, joined events included.
void checkCounters(const std::string& casePath) {
    CHECK(query(casePath,
                "SELECT count(*) FROM source_file s WHERE requests <> (SELECT count(*) FROM request r"
                " WHERE r.source_file_id = s.id) OR joined <> (SELECT count(*) FROM request_join j"
                " WHERE j.source_file_id = s.id) OR duplicates <> (SELECT count(*) FROM duplicate d"
                " WHERE d.source_file_id = s.id)") == 0);
    CHECK(query(casePath,
                "SELECT count(*) FROM source_file WHERE complete = 1"
                " AND records <> requests + buckets + rejects + duplicates + joined") == 0);
}

} // namespace

TEST_CASE("cli: an import of both logs killed at several points resumes to one request per call",
          "[cli][ingest][join][crash]") {
    test::TempDir dir;
    const Generated g = generateBothLogs(dir);
    const std::string c = dir.file("c.siphon");
    int kills = 0;
    for (int64_t threshold : {int64_t{1}, g.cloudtrailEvents / 2, g.cloudtrailEvents + g.invocations / 2}) {
        QProcess import;
        startCli(import, {"import", c, g.logs, "--quiet"}, QProcessEnvironment::systemEnvironment());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
        while (import.state() != QProcess::NotRunning && std::chrono::steady_clock::now() < deadline &&
               query(c, "SELECT coalesce(sum(records), 0) FROM source_file") < threshold)
            import.waitForFinished(20);
        if (import.state() != QProcess::NotRunning) {
            import.kill(); // SIGKILL
            ++kills;
        }
        import.waitForFinished(10000);
        checkCounters(c);
    }
    CHECK(kills >= 2);
    importOk({"import", c, g.logs, "--quiet"});
    checkCounters(c);
    const QJsonObject info = infoJson(c);
    CHECK(info[QStringLiteral("requests")].toDouble() == static_cast<double>(g.cloudtrailEvents));
    CHECK(info[QStringLiteral("join")].toObject()[QStringLiteral("cloudtrail_bedrock_joined")].toDouble() ==
          static_cast<double>(g.invocations));
    CHECK(query(c, "SELECT count(*) FROM request WHERE source_format = 'bedrock_invocation' AND source_ip IS NULL") ==
          0);
}

TEST_CASE("cli: a Bedrock folder with invocation logs and CloudTrail counts each call once, in either order",
          "[cli][ingest][join]") {
    test::TempDir dir;
    const Generated g = generateBothLogs(dir);
    const std::string cloudtrailFirst =
        importInOrder(dir, g, "ct-first.siphon", {"aws_cloudtrail", "bedrock_invocation"});
    const std::string invocationsFirst =
        importInOrder(dir, g, "inv-first.siphon", {"bedrock_invocation", "aws_cloudtrail"});
    CHECK(cloudtrailFirst == invocationsFirst);
}

TEST_CASE("cli: the join fixture's counts, in import's and info's words", "[cli][ingest][join]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    const std::string out = cliOut({"import", c, test::fixture("bedrock_join")});
    CHECK(out.find("CloudTrail <-> Bedrock join: 2 CloudTrail events joined") != std::string::npos);
    const QJsonObject info = infoJson(c);
    CHECK(info[QStringLiteral("requests")].toDouble() == 6);
    const QJsonObject byError =
        info[QStringLiteral("join")].toObject()[QStringLiteral("cloudtrail_only_by_error")].toObject();
    CHECK(byError[QStringLiteral("ThrottlingException")].toDouble() == 1);
    CHECK(byError[QStringLiteral("ValidationException")].toDouble() == 1);
    CHECK(byError[QStringLiteral("none")].toDouble() == 1);
    const QJsonArray sources = info[QStringLiteral("sources")].toArray();
    double joined = 0;
    for (const auto& s : sources) joined += s.toObject()[QStringLiteral("joined")].toDouble();
    CHECK(joined == 2);
}
