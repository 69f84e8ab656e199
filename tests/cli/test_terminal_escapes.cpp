// An account id can carry terminal escape sequences (ESC ] 0 ; title BEL sets the window title,
// ESC [ 2 J clears the screen, other sequences have done worse on some terminals). The CLI's
// human-readable output echoes ids and notes; it must show such bytes, not send them to the
// terminal.
//
// The CLI shows such bytes as \xNN (app/cli/terminal_text.h) in tag, tags, audit and errors.
#include "evidence_cli_util.h"

using namespace siphon;

TEST_CASE("cli: text output does not pass terminal escape sequences through", "[cli][hostile]") {
    test::TempDir dir;
    const std::string id = "evil\x1B]0;pwned\x07\x1B[2J";
    test::writeFile(dir.file("e.jsonl"),
                    "{\"timestamp\":\"2026-02-03T10:00:00Z\",\"account_id\":\"evil\\u001b]0;pwned\\u0007\\u001b[2J\","
                    "\"request_id\":\"r1\",\"input_tokens\":1,\"output_tokens\":2}\n");
    const std::string c = dir.file("e.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("e.jsonl")}).exitCode == 0);
    auto tag = test::runCli({"tag", c, "--entity", id, "--label", "suspected", "--note", "see \x1B[31mred", "--by", "t"});
    REQUIRE(tag.exitCode == 0);
    for (const auto& [what, out] : {std::pair<std::string, std::string>{"tag", tag.out + tag.err},
                                    {"tags", test::runCli({"tags", c}).out},
                                    {"audit", test::runCli({"audit", c}).out}}) {
        INFO(what << ": " << out);
        CHECK(out.find('\x1B') == std::string::npos);
        CHECK(out.find('\x07') == std::string::npos);
    }
}
