// Issue #13 (tracker 17), items 1-2: `export --production DIR` writes load files a review platform
// ingests. Every record document's native is the record's original bytes (its hashes in the DAT
// row, found at the stated offset of the source); hostile notes survive as datSafe text; the
// report's pages are images with the Bates number burned in; a supplemental production continues
// the numbers, and `verify` finds no gap.
#include "evidence_cli_util.h"

#include "evidence/production/load_file.h"
#include "util/hash.h"

#include <QCryptographicHash>

#include <filesystem>
#include <map>

using namespace siphon;
using namespace siphon::evidence::production;

#ifndef SIPHON_HAVE_UI
// A core-only siphon-cli cannot render the report's page images: it refuses the production whole.
TEST_CASE("cli: a core-only build refuses a production before writing anything", "[cli][evidence][production]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), prod = dir.file("prod");
    test::buildTaggedCase(c);
    auto ex = test::runCli({"export", c, "--out", dir.file("b.zip"), "--production", prod, "--bates-prefix", "ACME"});
    CHECK(ex.exitCode == 2);
    CHECK_THAT(ex.err, Catch::Contains("--production needs the report renderer"));
    CHECK_FALSE(std::filesystem::exists(prod));
    CHECK_FALSE(std::filesystem::exists(dir.file("b.zip")));
}
#else
namespace {

std::string onlyFile(const std::string& dir, const std::string& suffix) {
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().string().size() >= suffix.size() && e.path().string().ends_with(suffix)) return e.path().string();
    FAIL("no *" << suffix << " in " << dir);
    return {};
}

// Rows keyed by field name.
std::vector<std::map<std::string, std::string>> readRows(const std::string& datPath) {
    auto dat = readDat(test::readFile(datPath));
    REQUIRE(dat.ok());
    std::vector<std::map<std::string, std::string>> rows;
    for (const auto& r : dat->rows) {
        std::map<std::string, std::string> m;
        for (size_t i = 0; i < r.size(); ++i) m[dat->fields[i]] = r[i];
        rows.push_back(std::move(m));
    }
    return rows;
}

const std::string kHostileNote = std::string("quote \xC3\xBE sep \x14 mark \xC2\xAE\nsecond line");

} // namespace

// The report's pages as images need the UI library's renderer (absent in core-only builds).
TEST_CASE("cli: a production's DAT, OPT, natives, text and page images are complete and exact",
          "[cli][evidence][production]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), prod = dir.file("prod");
    test::buildTaggedCase(c);
    REQUIRE(test::runCli({"tag", c, "--entity", "acme", "--label", "suspected", "--note", kHostileNote, "--by", "Eve"}).exitCode == 0);
    auto ex = test::runCli({"export", c, "--out", dir.file("b.zip"), "--production", prod, "--bates-prefix", "ACME"});
    INFO(ex.out << ex.err);
    REQUIRE(ex.exitCode == 0);
    CHECK_THAT(ex.out, Catch::Contains("wrote production"));

    const auto rows = readRows(onlyFile(prod + "/DATA", "_UTF-8.dat"));
    REQUIRE(rows.size() > 2);
    auto opt = readOpt(test::readFile(onlyFile(prod + "/DATA", ".opt")));
    REQUIRE(opt.ok());

    SECTION("document 1 is the report, one Bates number per page image") {
        const auto& report = rows[0];
        CHECK(report.at("DOCTYPE") == "Report");
        CHECK(report.at("BEGBATES") == "ACME-000001");
        const int pages = std::stoi(report.at("PAGECOUNT"));
        REQUIRE(opt->size() == static_cast<size_t>(pages));
        CHECK(opt->front().docBreak);
        CHECK(opt->front().pageCount == pages);
        CHECK(report.at("ENDBATES") == opt->back().imageKey);
        for (const auto& page : *opt) CHECK(test::readFile(prod + "/" + page.path).rfind("\x89PNG", 0) == 0);
    }
    SECTION("each record's native is its original bytes, with matching hashes, found at its source offset") {
        const std::string source = test::readFile(test::fixture("evidence/traffic.csv"));
        int64_t expected = std::stoll(rows[0].at("ENDBATES").substr(5)) + 1;
        for (size_t i = 1; i < rows.size(); ++i) {
            const auto& r = rows[i];
            INFO(r.at("BEGBATES"));
            CHECK(r.at("DOCTYPE") == "Record");
            CHECK(r.at("BEGBATES") == r.at("ENDBATES"));
            CHECK(std::stoll(r.at("BEGBATES").substr(5)) == expected++);
            const std::string native = test::readFile(prod + "/" + r.at("NATIVELINK"));
            REQUIRE_FALSE(native.empty());
            CHECK(Sha256::hex(native) == r.at("SHA256HASH"));
            CHECK(QCryptographicHash::hash(QByteArray::fromStdString(native), QCryptographicHash::Md5).toHex().toStdString() ==
                  r.at("MD5HASH"));
            CHECK(source.compare(std::stoull(r.at("SOURCEOFFSET")), native.size(), native) == 0);
            CHECK(std::filesystem::exists(prod + "/" + r.at("TEXTLINK")));
        }
    }
    SECTION("hostile text stays inside its field, and the exact prompt is in the text file") {
        size_t noted = 0;
        for (const auto& r : rows) noted += r.at("TAGNOTE") == datSafe(kHostileNote) ? 1 : 0;
        CHECK(noted > 0);
        CHECK(datSafe(kHostileNote).find('\n') == std::string::npos);
        bool foundRtl = false;
        for (const auto& r : rows)
            if (r.at("REQUESTID") == "req-2")
                foundRtl = test::readFile(prod + "/" + r.at("TEXTLINK")).find("abc\xE2\x80\xAE" "dcba RTL override") != std::string::npos;
        CHECK(foundRtl);
    }
}

TEST_CASE("cli: a supplemental production continues the Bates numbers and verify finds no gap",
          "[cli][evidence][production]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("pdftotext");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runCli({"export", c, "--out", dir.file("1.zip"), "--production", dir.file("p1"), "--bates-prefix", "ACME"})
                .exitCode == 0);
    const auto first = readRows(onlyFile(dir.file("p1") + "/DATA", ".dat"));
    const std::string lastOfFirst = first.back().at("ENDBATES");
    REQUIRE(test::runCli({"export", c, "--out", dir.file("2.zip"), "--production", dir.file("p2"), "--bates-prefix", "ACME",
                          "--production-encoding", "cp1252"})
                .exitCode == 0);
    const std::string dat2 = onlyFile(dir.file("p2") + "/DATA", "_Windows-1252.dat");
    const auto second = readRows(dat2);
    CHECK(std::stoll(second.front().at("BEGBATES").substr(5)) == std::stoll(lastOfFirst.substr(5)) + 1);

    // The second bundle's report carries the same numbers as its production's page images.
    const std::string x = dir.file("x");
    REQUIRE(test::runTool("unzip", {"-q", dir.file("2.zip"), "report.pdf", "-d", x}).exitCode == 0);
    CHECK_THAT(test::runTool("pdftotext", {x + "/report.pdf", "-"}).out, Catch::Contains(second.front().at("BEGBATES")));

    // A later bundle carries both productions in its audit chain: verify checks their numbers.
    REQUIRE(test::runCli({"export", c, "--out", dir.file("3.zip")}).exitCode == 0);
    auto v = test::runCli({"verify", dir.file("3.zip")});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 0);
    CHECK_THAT(v.out, Catch::Contains("Bates numbers: 2 production(s) in the audit chain follow one another without gap"));
    CHECK(test::runCli({"audit", c, "--verify"}).exitCode == 0);
}

TEST_CASE("cli: a production into an existing folder or with an unsafe prefix is refused before anything is written",
          "[cli][evidence][production]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon"), zip = dir.file("b.zip");
    test::buildTaggedCase(c);
    std::filesystem::create_directory(dir.file("exists"));
    const auto auditBefore = test::runCli({"audit", c}).out;
    auto existing = test::runCli({"export", c, "--out", zip, "--production", dir.file("exists")});
    CHECK(existing.exitCode != 0);
    CHECK_THAT(existing.err, Catch::Contains("must not exist yet"));
    auto prefix = test::runCli({"export", c, "--out", zip, "--production", dir.file("new"), "--bates-prefix", "../X"});
    CHECK(prefix.exitCode != 0);
    CHECK_THAT(prefix.err, Catch::Contains("Bates prefix"));
    CHECK_FALSE(std::filesystem::exists(zip));
    CHECK_FALSE(std::filesystem::exists(dir.file("new")));
    CHECK(test::runCli({"audit", c}).out == auditBefore);
}
#endif // SIPHON_HAVE_UI
