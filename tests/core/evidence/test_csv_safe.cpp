#include "evidence/csv_safe.h"
#include "evidence/chart_svg.h"
#include "evidence/bundle_files.h"

#include <catch2/catch.hpp>

using namespace siphon::evidence;

TEST_CASE("CSV cells neutralise formula prefixes and quote", "[evidence][csv]") {
    CHECK(csvCell("plain") == "plain");
    CHECK(csvCell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
    CHECK(csvCell("+1") == "'+1");
    CHECK(csvCell("-2+3") == "'-2+3");
    CHECK(csvCell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csvCell("\tx") == "'\tx");
    CHECK(csvCell("\rx") == "\"'\rx\"");
    CHECK(csvCell("a,b") == "\"a,b\"");
    CHECK(csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csvCell("=1,2") == "\"'=1,2\"");
    CHECK(csvLine({"a", "b"}) == "a,b\r\n");
}

TEST_CASE("XML escaping for SVG", "[evidence][svg]") {
    CHECK(xmlEscape("<script>&\"'") == "&lt;script&gt;&amp;&quot;&apos;");
    CHECK(xmlEscape(std::string("a\x01" "b", 3)) == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("UTF-8 validation for raw records", "[evidence]") {
    CHECK(isValidUtf8("plain"));
    CHECK(isValidUtf8("\xC3\xBC\xE2\x80\xAE"));
    CHECK_FALSE(isValidUtf8("\xC3"));
    CHECK_FALSE(isValidUtf8("\xFF\xFE"));
    CHECK_FALSE(isValidUtf8("\xC0\x80"));
}
