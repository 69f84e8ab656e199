// End to end: bytes an adversary chose (a CSV header, file names) reach the terminal from
// `import` and `info` only with control characters shown as escapes, never sent raw.
#include "ingest_cli_util.h"

using namespace siphon;
using namespace siphon::test::ingest_cli;

TEST_CASE("cli: import and info never echo raw control codes", "[cli][ingest][hostile]") {
    test::TempDir dir;
    const std::string esc = "\x1B]0;pwned\x07\x1B[2J";
    // A header no reader knows: "not imported" quotes it.
    test::writeFile(dir.file("bad.csv"), "col" + esc + ",other\nx,y\n");
    // A file name with an escape sequence, imported and then listed by info.
    const std::string named = dir.file("log" + esc + ".csv");
    test::writeFile(named, kHeader + "\n" + row(1) + "\n");
    const std::string c = dir.file("c.siphon");
    auto bad = test::runCli({"import", c, dir.file("bad.csv")});
    INFO(bad.out << bad.err);
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.out + bad.err, Catch::Contains("\\x1b]0;pwned"));
    auto good = test::runCli({"import", c, named});
    CHECK(good.exitCode == 0);
    auto info = test::runCli({"info", c});
    CHECK(info.exitCode == 0);
    CHECK_THAT(info.out, Catch::Contains("log\\x1b]0;pwned"));
    for (const auto& text : {bad.out, bad.err, good.out, good.err, info.out, info.err}) {
        CHECK(text.find('\x1B') == std::string::npos);
        CHECK(text.find('\x07') == std::string::npos);
    }
}
