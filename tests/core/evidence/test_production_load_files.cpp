// Issue #13 (tracker 17), items 1-2: Concordance DAT and Opticon OPT load files read back field
// for field, with an adversary's text in the values; Bates numbers that continue across
// productions, and the gaps and overlaps `verify` lists.
#include "evidence/production/bates_ledger.h"
#include "evidence/production/load_file.h"

#include <catch2/catch.hpp>

using namespace siphon::evidence;
using namespace siphon::evidence::production;

namespace {

// Values a hostile prompt or note could carry into a DAT field.
const std::vector<std::string> kHostile = {
    "plain",
    "quote \xC3\xBE inside",                            // þ, the DAT quote
    std::string("separator \x14 inside"),               // ¶, the DAT separator
    "newline mark \xC2\xAE inside",                     // ®, the DAT newline
    "lines\r\nCRLF\nLF\rCR",
    "bidi \xE2\x80\xAE" "dcba",                         // U+202E
    "\xE7\xAE\x80\xE4\xBD\x93 \xF0\x9F\x98\x80 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",   // CJK, emoji, Hebrew
    "=cmd|' /C calc'!A0",
    "",
};

DatTable hostileTable() {
    DatTable t{{"BEGBATES", "VALUE", "NOTE"}, {}};
    for (size_t i = 0; i < kHostile.size(); ++i)
        t.rows.push_back({datSafe(batesNumber("X", static_cast<int64_t>(i) + 1)), datSafe(kHostile[i]), datSafe("n" + kHostile[i])});
    return t;
}

AuditEntry productionEntry(int64_t seq, const std::string& prefix, int64_t first, int64_t last) {
    AuditEntry e;
    e.seq = seq;
    e.action = kProductionAction;
    e.payload = "{\"bates_first\":" + std::to_string(first) + ",\"bates_last\":" + std::to_string(last) +
                ",\"bates_prefix\":\"" + prefix + "\"}";
    return e;
}

} // namespace

TEST_CASE("datSafe leaves no delimiter, control or bidi character and marks line breaks with ®", "[evidence][production]") {
    CHECK(datSafe("quote \xC3\xBE inside") == "quote (U+00FE) inside");
    CHECK(datSafe(std::string("sep \x14 x")) == "sep (U+0014) x");
    CHECK(datSafe("a\r\nb\nc\rd") == "a\xC2\xAE" "b\xC2\xAE" "c\xC2\xAE" "d");
    CHECK(datSafe("mark \xC2\xAE") == "mark (U+00AE)");
    CHECK(datSafe("bidi \xE2\x80\xAE") == "bidi (U+202E)");
    CHECK(datSafe("tab\there") == "tab(U+0009)here");
    const std::string cjk = "\xE7\xAE\x80\xE4\xBD\x93 \xF0\x9F\x98\x80";
    CHECK(datSafe(cjk) == cjk);   // text that needs no marking passes unchanged
}

TEST_CASE("a DAT with hostile values reads back field for field in both encodings", "[evidence][production]") {
    const DatTable table = hostileTable();
    for (DatEncoding enc : {DatEncoding::Utf8Bom, DatEncoding::Windows1252}) {
        INFO(datEncodingName(enc));
        const std::string bytes = writeDat(table, enc);
        CHECK((bytes.rfind("\xEF\xBB\xBF", 0) == 0) == (enc == DatEncoding::Utf8Bom));
        // Exactly one CR LF per row: no line break survives inside a value.
        size_t crlf = 0;
        for (size_t at = 0; (at = bytes.find("\r\n", at)) != std::string::npos; at += 2) ++crlf;
        CHECK(crlf == table.rows.size() + 1);
        auto back = readDat(bytes);
        REQUIRE(back.ok());
        CHECK(back->fields == table.fields);
        REQUIRE(back->rows.size() == table.rows.size());
        for (size_t r = 0; r < table.rows.size(); ++r) {
            INFO("row " << r);
            if (enc == DatEncoding::Utf8Bom) CHECK(back->rows[r] == table.rows[r]);
            CHECK(back->rows[r][0] == table.rows[r][0]);
        }
    }
}

TEST_CASE("Windows-1252 DAT uses the single-byte delimiters and names what the code page lacks", "[evidence][production]") {
    DatTable t{{"A", "B"}, {{datSafe("caf\xC3\xA9 \xE2\x82\xAC \xE7\xAE\x80"), "x"}}};   // café € 简
    const std::string bytes = writeDat(t, DatEncoding::Windows1252);
    CHECK(bytes.find('\xFE') != std::string::npos);   // þ as one byte
    CHECK(bytes.find('\x14') != std::string::npos);
    CHECK(bytes.find("caf\xE9 \x80 (U+7B80)") != std::string::npos);
    auto back = readDat(bytes);
    REQUIRE(back.ok());
    CHECK(back->rows[0][0] == "caf\xC3\xA9 \xE2\x82\xAC (U+7B80)");
}

TEST_CASE("a malformed DAT is refused with the row named", "[evidence][production]") {
    CHECK_FALSE(readDat("").ok());
    auto unquoted = readDat("\xEF\xBB\xBF\xC3\xBE" "A\xC3\xBE\r\nB\r\n");
    REQUIRE_FALSE(unquoted.ok());
    CHECK_THAT(unquoted.error().message, Catch::Contains("row 1"));
    auto wrongCount = readDat("\xEF\xBB\xBF\xC3\xBE" "A\xC3\xBE\r\n\xC3\xBE" "1\xC3\xBE\x14\xC3\xBE" "2\xC3\xBE\r\n");
    REQUIRE_FALSE(wrongCount.ok());
    CHECK_THAT(wrongCount.error().message, Catch::Contains("2 values for 1 fields"));
}

TEST_CASE("an OPT reads back with the page count on each document's first page", "[evidence][production]") {
    const std::vector<OptPage> pages = {{"P-000001", "P_VOL001", "IMAGES/P-000001.png", true, 3},
                                        {"P-000002", "P_VOL001", "IMAGES/P-000002.png", false, 0},
                                        {"P-000003", "P_VOL001", "IMAGES/P-000003.png", false, 0},
                                        {"P-000004", "P_VOL001", "IMAGES/P-000004.png", true, 1}};
    const std::string text = writeOpt(pages);
    CHECK(text.rfind("P-000001,P_VOL001,IMAGES/P-000001.png,Y,,,3\r\nP-000002,P_VOL001,IMAGES/P-000002.png,,,,\r\n", 0) == 0);
    auto back = readOpt(text);
    REQUIRE(back.ok());
    REQUIRE(back->size() == pages.size());
    for (size_t i = 0; i < pages.size(); ++i) {
        CHECK((*back)[i].imageKey == pages[i].imageKey);
        CHECK((*back)[i].path == pages[i].path);
        CHECK((*back)[i].docBreak == pages[i].docBreak);
        CHECK((*back)[i].pageCount == pages[i].pageCount);
    }
    CHECK_FALSE(readOpt("A,B,C\r\n").ok());
}

TEST_CASE("Bates numbers continue per prefix, and gaps and overlaps are named", "[evidence][production]") {
    CHECK(batesNumber("ACME", 7) == "ACME-000007");
    CHECK(batesNumber("ACME", 1234567) == "ACME-1234567");
    CHECK(isBatesPrefix("ACME_2026-a"));
    CHECK_FALSE(isBatesPrefix("A/B"));
    CHECK_FALSE(isBatesPrefix(""));
    CHECK_FALSE(isBatesPrefix("..") );

    const std::vector<AuditEntry> chain = {productionEntry(3, "ACME", 1, 222), productionEntry(5, "ACME", 223, 444),
                                           productionEntry(6, "OTHER", 1, 10)};
    const auto ranges = productionRanges(chain);
    REQUIRE(ranges.size() == 3);
    CHECK(nextBatesNumber(ranges, "ACME") == 445);
    CHECK(nextBatesNumber(ranges, "OTHER") == 11);
    CHECK(nextBatesNumber(ranges, "NEW") == 1);
    CHECK(batesProblems(ranges).empty());

    const auto gap = batesProblems(productionRanges({productionEntry(3, "ACME", 1, 100), productionEntry(5, "ACME", 150, 200)}));
    REQUIRE(gap.size() == 1);
    CHECK_THAT(gap[0], Catch::Contains("gap: ACME-000101..ACME-000149"));
    const auto overlap = batesProblems(productionRanges({productionEntry(3, "ACME", 1, 100), productionEntry(5, "ACME", 90, 120)}));
    REQUIRE(overlap.size() == 1);
    CHECK_THAT(overlap[0], Catch::Contains("overlap") && Catch::Contains("seq 5"));
    const auto late = batesProblems(productionRanges({productionEntry(2, "ACME", 5, 9)}));
    REQUIRE(late.size() == 1);
    CHECK_THAT(late[0], Catch::Contains("ACME-000001..ACME-000004 were never produced"));
}
