// Issue #9 (tracker 13), medium items: `conflicts` lists records whose id was reused with other
// content (stored, but no command showed them); `accounts` says when scores are missing (never
// analysed) or stale (files imported since), and lists unscored entities with an empty score,
// never 0.0000; table output on a terminal shows control and bidi characters instead of sending
// them, while CSV to a file keeps the bytes exact; `verify` shows hostile entry names escaped.
#include "evidence_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

namespace {

std::string line(const std::string& ts, const std::string& account, const std::string& id, int tokens) {
    return "{\"timestamp\":\"" + ts + "\",\"account_id\":\"" + account + "\",\"request_id\":\"" + id +
           "\",\"input_tokens\":" + std::to_string(tokens) + ",\"output_tokens\":2}\n";
}

QJsonArray jsonArray(const std::string& text) { return QJsonDocument::fromJson(QByteArray::fromStdString(text)).array(); }

} // namespace

TEST_CASE("cli: conflicts lists both records of a reused id with their provenance", "[cli][integrity]") {
    test::TempDir dir;
    test::writeFile(dir.file("a.jsonl"), line("2026-02-03T10:00:00Z", "acct-a", "req-1", 10) +
                                             line("2026-02-03T10:01:00Z", "acct-a", "=HYPERLINK(\\\"x\\\")", 11));
    test::writeFile(dir.file("b.jsonl"), line("2026-02-03T10:00:00Z", "acct-a", "req-1", 99) +
                                             line("2026-02-03T10:05:00Z", "acct-a", "=HYPERLINK(\\\"x\\\")", 12));
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("a.jsonl"), dir.file("b.jsonl")}).exitCode == 0);

    auto csv = test::runCli({"conflicts", c});
    INFO(csv.out << csv.err);
    REQUIRE(csv.exitCode == 0);
    CHECK_THAT(csv.out, Catch::StartsWith("record_key,first_request_row_id,first_timestamp_utc,first_source_file"));
    CHECK_THAT(csv.out, Catch::Contains("req-1,"));
    CHECK_THAT(csv.out, Catch::Contains("a.jsonl"));
    CHECK_THAT(csv.out, Catch::Contains("b.jsonl"));
    CHECK_THAT(csv.out, Catch::Contains("'=HYPERLINK"));   // formula neutralised
    CHECK_THAT(csv.err, Catch::Contains("2 conflicts"));

    auto json = test::runCli({"conflicts", c, "--format", "json"});
    REQUIRE(json.exitCode == 0);
    const QJsonArray arr = jsonArray(json.out);
    REQUIRE(arr.size() == 2);
    const QJsonObject first = arr[1].toObject();
    CHECK(first.value("record_key").toString() == "req-1");
    CHECK(first.value("first").toObject().value("source_file").toString().endsWith("a.jsonl"));
    CHECK(first.value("other").toObject().value("source_file").toString().endsWith("b.jsonl"));
    CHECK(first.value("other").toObject().value("line").toInt() == 1);
    CHECK(test::runCli({"conflicts", c, "--format", "xml"}).exitCode == 2);
}

TEST_CASE("cli: accounts says when scores are missing or stale and lists unscored entities", "[cli][integrity]") {
    test::TempDir dir;
    std::string a;
    for (int i = 0; i < 30; ++i)
        a += line("2026-02-03T1" + std::to_string(i % 10) + ":0" + std::to_string(i % 6) + ":00Z",
                  i % 2 ? "acct-a" : "acct-b", "a" + std::to_string(i), 10 + i);
    test::writeFile(dir.file("a.jsonl"), a);
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("a.jsonl")}).exitCode == 0);

    SECTION("never analysed: no 0.0000, a warning, score_status missing") {
        auto csv = test::runCli({"accounts", c});
        INFO(csv.out << csv.err);
        REQUIRE(csv.exitCode == 0);
        CHECK_THAT(csv.err, Catch::Contains("never analysed: scores are missing"));
        CHECK_THAT(csv.out, !Catch::Contains("0.0000"));
        CHECK_THAT(csv.out, Catch::Contains("acct-a,account,,,"));
        auto json = test::runCli({"accounts", c, "--format", "json"});
        const QJsonArray arr = jsonArray(json.out);
        REQUIRE(arr.size() == 2);
        CHECK(arr[0].toObject().value("score").isNull());
        CHECK(arr[0].toObject().value("score_status").toString() == "missing");
    }
    SECTION("files imported after the analysis: stale, and the new entity unscored") {
        REQUIRE(test::runCli({"analyze", c, "--quiet"}).exitCode == 0);
        auto fresh = test::runCli({"accounts", c, "--format", "json"});
        CHECK_THAT(fresh.err, !Catch::Contains("warning"));
        CHECK(jsonArray(fresh.out)[0].toObject().value("score_status").toString() == "current");
        test::writeFile(dir.file("b.jsonl"), line("2026-02-04T10:00:00Z", "acct-new", "b1", 5));
        REQUIRE(test::runCli({"import", c, dir.file("b.jsonl")}).exitCode == 0);
        auto csv = test::runCli({"accounts", c});
        INFO(csv.out << csv.err);
        CHECK_THAT(csv.err, Catch::Contains("scores are stale"));
        CHECK_THAT(csv.out, Catch::Contains("acct-new,account,,,"));
        const QJsonArray arr = jsonArray(test::runCli({"accounts", c, "--format", "json"}).out);
        REQUIRE(arr.size() == 3);
        CHECK(arr[0].toObject().value("score_status").toString() == "stale");
        CHECK(arr[2].toObject().value("entity_id").toString() == "acct-new");
        CHECK(arr[2].toObject().value("score_status").toString() == "missing");
        CHECK(arr[2].toObject().value("score").isNull());
    }
}

TEST_CASE("cli: accounts CSV on a terminal shows escapes; to a pipe it keeps the bytes", "[cli][integrity][hostile]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("script");
    test::TempDir dir;
    test::writeFile(dir.file("e.jsonl"), line("2026-02-03T10:00:00Z", "evil\\u001b]0;pwned\\u0007\\u202egpj.exe", "r1", 1));
    const std::string c = dir.file("e.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("e.jsonl")}).exitCode == 0);
    auto piped = test::runCli({"accounts", c});
    REQUIRE(piped.exitCode == 0);
    CHECK_THAT(piped.out, Catch::Contains("evil\x1b]0;pwned\x07\xe2\x80\xae" "gpj.exe"));   // exact data
    // `script` runs the command on a pseudo-terminal, as an examiner's shell would.
    auto tty = test::runTool("script", {"-qec", test::cliPath() + " accounts " + c, "/dev/null"});
    INFO(tty.out);
    CHECK(tty.exitCode == 0);
    CHECK_THAT(tty.out, Catch::Contains("evil\\x1b]0;pwned\\x07\\u{202e}gpj.exe"));
    CHECK(tty.out.find('\x1b') == std::string::npos);
    CHECK(tty.out.find("\xe2\x80\xae") == std::string::npos);
}

TEST_CASE("cli: verify shows hostile entry names escaped", "[cli][integrity][hostile]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    test::TempDir dir;
    test::writeFile(dir.file("make.py"), R"PY(
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('SHA256SUMS', '')
    z.writestr('evidence/\u202egpj.exe', 'x')
with zipfile.ZipFile(sys.argv[2], 'w') as z:
    z.writestr('evil\x1b]0;pwned\x07.csv', 'x')
)PY");
    REQUIRE(test::runTool("python3", {dir.file("make.py"), dir.file("bidi.zip"), dir.file("esc.zip")}).exitCode == 0);
    for (const char* zip : {"bidi.zip", "esc.zip"}) {
        auto v = test::runCli({"verify", dir.file(zip)});
        INFO(zip << ": " << v.out << v.err);
        CHECK(v.exitCode == 1);
        const std::string all = v.out + v.err;
        CHECK(all.find('\x1b') == std::string::npos);
        CHECK(all.find('\x07') == std::string::npos);
        CHECK(all.find("\xe2\x80\xae") == std::string::npos);
    }
    CHECK_THAT(test::runCli({"verify", dir.file("bidi.zip")}).err, Catch::Contains("\\u{202e}gpj.exe"));
}
