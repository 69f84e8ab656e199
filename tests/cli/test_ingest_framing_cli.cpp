// End to end: a generic CSV with CR-only line ends (an old Mac export) imports every row through
// `siphon-cli import`; inputs in an encoding no reader reads fail with the reason and exit 1,
// instead of "0 records, 0 rejected", complete, exit 0.
#include "ingest_cli_util.h"

using namespace siphon;
using namespace siphon::test::ingest_cli;

TEST_CASE("cli: a CR-only CSV imports all 30 rows, with their lines", "[cli][ingest][framing]") {
    test::TempDir dir;
    std::string file = kHeader + "\r";
    for (int i = 0; i < 30; ++i) file += row(i) + "\r";
    test::writeFile(dir.file("mac.csv"), file);
    const std::string c = dir.file("c.siphon");
    auto r = test::runCli({"import", c, dir.file("mac.csv")});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("30 records") && Catch::Contains("0 rejected"));
    CHECK(r.out.find("INCOMPLETE") == std::string::npos);
    const auto info = infoJson(c);
    CHECK(info["requests"].toInt() == 30);
    CHECK(info["rejects"].toInt() == 0);
    const auto src = info["sources"].toArray().at(0).toObject();
    CHECK(src["complete"].toBool());
    CHECK(src["records"].toInt() == 30);
}

TEST_CASE("cli: a UTF-16 CSV is refused with the reason, not imported as nothing", "[cli][ingest][framing]") {
    test::TempDir dir;
    std::string utf8 = kHeader + "\r\n";
    for (int i = 0; i < 30; ++i) utf8 += row(i) + "\r\n";
    std::string utf16 = "\xFF\xFE";
    for (char ch : utf8) {
        utf16 += ch;
        utf16 += '\0';
    }
    test::writeFile(dir.file("excel.csv"), utf16);
    auto r = test::runCli({"import", dir.file("c.siphon"), dir.file("excel.csv")});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.out + r.err, Catch::Contains("UTF-16"));
    CHECK(r.out.find("0 records") == std::string::npos);
}
