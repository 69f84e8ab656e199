// A call logged twice (a Bedrock invocation record and its CloudTrail event, joined into one row at
// import) is exported with both records: the row's own and the joined one, each with its source
// file, hash, line, byte range and exact bytes, so an examiner can check both against the logs.
#include "evidence_cli_util.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sstream>

using namespace siphon;

namespace {

std::string unzipEntry(const std::string& zip, const std::string& entry) {
    auto r = test::runTool("unzip", {"-p", zip, entry});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

void runOk(const std::vector<std::string>& args) {
    auto r = test::runCli(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

} // namespace

TEST_CASE("cli: a joined call's bundle record carries its CloudTrail event beside its invocation record",
          "[cli][evidence][bundle][join]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    test::TempDir dir;
    const std::string c = dir.file("case.siphon");
    runOk({"import", c, test::fixture("bedrock_join")});
    runOk({"tag", c, "--entity", "111122223333", "--label", "suspected", "--by", "Ann"});
    runOk({"export", c, "--out", dir.file("b.zip"), "--export-time", "2026-04-01T00:00:00Z"});
    runOk({"verify", dir.file("b.zip")});

    std::stringstream lines(unzipEntry(dir.file("b.zip"), "evidence/EX-001.jsonl"));
    std::string line;
    int records = 0, joined = 0;
    while (std::getline(lines, line)) {
        ++records;
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        REQUIRE(o.contains(QStringLiteral("source")));
        if (!o.contains(QStringLiteral("joined_record"))) continue;
        ++joined;
        const QJsonObject own = o[QStringLiteral("source")].toObject();
        const QJsonObject j = o[QStringLiteral("joined_record")].toObject();
        CHECK(own[QStringLiteral("format")].toString() == QStringLiteral("bedrock_invocation"));
        CHECK(j[QStringLiteral("format")].toString() == QStringLiteral("aws_cloudtrail"));
        CHECK(j[QStringLiteral("sha256")].toString().size() == 64);
        CHECK(j[QStringLiteral("byte_length")].toDouble() > 0);
        // The exact event bytes: the CloudTrail event of the same request id.
        const QString raw = j[QStringLiteral("raw")].toString();
        const QString requestId = o[QStringLiteral("request_id")].toString();
        INFO(raw.toStdString());
        CHECK_FALSE(requestId.isEmpty());
        CHECK(raw.contains(QStringLiteral("\"requestID\"")));
        CHECK(raw.contains(requestId));
        CHECK(static_cast<double>(raw.toUtf8().size()) == j[QStringLiteral("byte_length")].toDouble());
    }
    CHECK(records > 0);
    CHECK(joined >= 2);   // the fixture joins two calls of this account
}
