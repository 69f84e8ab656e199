// Issue #9 (tracker 13), sweep of "output that echoes hostile bytes": every CLI table that shows
// log content escapes control and bidi characters on a terminal and keeps the bytes exact in a
// pipe. `timeline` (model names) and `tags` CSV (entity ids) wrote them raw; JSON output wrote raw
// U+202E and C1 controls (QJsonDocument escapes only C0), now written as \uXXXX: the same value
// for a JSON reader, nothing active on a screen.
#include "evidence_cli_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace siphon;

namespace {

// The account id and model carry an OSC title sequence, a C1 control (U+009B, CSI) and U+202E.
const std::string kHostileJson = "evil\\u001b]0;pwned\\u0007\\u009b31m\\u202egpj.exe";
const std::string kHostileRaw = "evil\x1b]0;pwned\x07\xc2\x9b" "31m\xe2\x80\xae" "gpj.exe";

std::string hostileCase(test::TempDir& dir) {
    test::writeFile(dir.file("e.jsonl"), "{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"" + kHostileJson +
                                              "\",\"model\":\"" + kHostileJson +
                                              "\",\"request_id\":\"r1\",\"input_tokens\":3,\"output_tokens\":2}\n");
    const std::string c = dir.file("e.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("e.jsonl")}).exitCode == 0);
    return c;
}

// Runs the CLI on a pseudo-terminal, as an examiner's shell would (util-linux `script`).
test::RunResult onTerminal(const std::string& args) {
    return test::runTool("script", {"-qec", test::cliPath() + " " + args, "/dev/null"});
}

void checkNothingActive(const std::string& out) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.find("\xc2\x9b") == std::string::npos);
    CHECK(out.find("\xe2\x80\xae") == std::string::npos);
}

} // namespace

TEST_CASE("cli: timeline and tags CSV show hostile ids escaped on a terminal, exact in a pipe",
          "[cli][integrity][hostile]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("script");
    test::TempDir dir;
    const std::string c = hostileCase(dir);
    REQUIRE(test::runCli({"tag", c, "--entity", kHostileRaw, "--label", "suspected", "--by", "Ann"}).exitCode == 0);

    const std::string timeline = "timeline " + c + " --entity '" + kHostileRaw + "' --by-model";
    auto piped = test::runCli({"timeline", c, "--entity", kHostileRaw, "--by-model"});
    INFO(piped.out << piped.err);
    REQUIRE(piped.exitCode == 0);
    CHECK_THAT(piped.out, Catch::Contains(kHostileRaw));
    auto tty = onTerminal(timeline);
    INFO(tty.out);
    CHECK_THAT(tty.out, Catch::Contains("evil\\x1b]0;pwned\\x07\\u{9b}31m\\u{202e}gpj.exe"));
    checkNothingActive(tty.out);

    auto tagsPiped = test::runCli({"tags", c, "--format", "csv"});
    REQUIRE(tagsPiped.exitCode == 0);
    CHECK_THAT(tagsPiped.out, Catch::Contains(kHostileRaw));
    auto tagsTty = onTerminal("tags " + c + " --format csv");
    INFO(tagsTty.out);
    CHECK_THAT(tagsTty.out, Catch::Contains("evil\\x1b]0;pwned"));
    checkNothingActive(tagsTty.out);
}

TEST_CASE("cli: JSON output escapes bidi and C1 controls and keeps the exact value", "[cli][integrity][hostile]") {
    test::TempDir dir;
    const std::string c = hostileCase(dir);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"accounts", c, "--format", "json"},
          std::vector<std::string>{"timeline", c, "--entity", kHostileRaw, "--by-model", "--format", "json"}}) {
        auto r = test::runCli(args);
        INFO(args[0] << ": " << r.out << r.err);
        REQUIRE(r.exitCode == 0);
        checkNothingActive(r.out);
        CHECK_THAT(r.out, Catch::Contains("\\u202egpj.exe"));
        CHECK_THAT(r.out, Catch::Contains("\\u009b31m"));
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.out));
        REQUIRE_FALSE(doc.isNull());
        const std::string text = doc.toJson(QJsonDocument::Compact).toStdString();
        CHECK_THAT(text, Catch::Contains("\xe2\x80\xae" "gpj.exe"));   // parsed back: the exact characters
    }
}
