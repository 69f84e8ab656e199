// End to end: token counts no API reports (9223372036854775807, negative, past 10^9 for one
// request) are rejects with the reason, so no total in `accounts` wraps negative.
#include "ingest_cli_util.h"

using namespace siphon;
using namespace siphon::test::ingest_cli;

TEST_CASE("cli: implausible token counts are rejected and totals stay true", "[cli][ingest][counts]") {
    test::TempDir dir;
    std::string csv = kHeader + "\n";
    for (int i = 0; i < 6; ++i) csv += row(i) + "\n";   // acct0..acct2, 10 input tokens each
    csv += row(100, "9223372036854775807") + "\n";
    csv += row(101, "-5") + "\n";
    csv += row(102, "1000000001") + "\n";
    test::writeFile(dir.file("t.csv"), csv);
    const std::string c = dir.file("c.siphon");
    auto r = test::runCli({"import", c, dir.file("t.csv")});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("6 requests") && Catch::Contains("3 rejected"));
    const auto info = infoJson(c);
    CHECK(info["requests"].toInt() == 6);
    CHECK(info["rejects"].toInt() == 3);

    auto accounts = test::runCli({"accounts", c, "--format", "json"});
    INFO(accounts.out << accounts.err);
    REQUIRE(accounts.exitCode == 0);
    const auto arr = QJsonDocument::fromJson(QByteArray::fromStdString(accounts.out)).array();
    REQUIRE_FALSE(arr.isEmpty());
    double total = 0;
    for (const auto& v : arr) {
        CHECK(v.toObject()["input_tokens"].toDouble() >= 0);
        total += v.toObject()["input_tokens"].toDouble();
    }
    CHECK(total == 60);
}
