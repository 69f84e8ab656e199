// Hostile log content, end to end through the CLI: import (generic JSON lines and CSV), analyse,
// tag, export, verify. What an attacker wrote must stay data everywhere: the evidence CSVs are
// formula-safe, the SVG charts carry no live markup, the PDF shows the text literally, no bundle
// entry or file on disk is named after an attacker's id, and the original records are kept byte
// for byte in the case and the bundle (evidence must not be altered).
#include "hostile_case_util.h"

#include "store/case_file.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace siphon;
using namespace siphon::test::hostile;

namespace {

// The PDF's object structure without its stream bodies: compressed streams hold arbitrary bytes,
// where "/JS" turns up by chance (about 1 run in 100), while an action would sit in a dictionary.
std::string withoutStreams(const std::string& pdf) {
    std::string out;
    size_t copied = 0, pos = 0, begin;
    while ((begin = pdf.find("stream", pos)) != std::string::npos) {
        if (begin >= 3 && pdf.compare(begin - 3, 3, "end") == 0) {   // an "endstream": structure, kept
            pos = begin + 6;
            continue;
        }
        const size_t end = pdf.find("endstream", begin + 6);
        if (end == std::string::npos) break;
        out.append(pdf, copied, begin + 6 - copied);
        copied = end;
        pos = end + 9;
    }
    return out.append(pdf, copied);
}

// RFC 4180 rows of cells (quotes removed).
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false, wasQuoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            rows.back().push_back(cell);
            cell.clear();
            wasQuoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            wasQuoted = false;
            rows.emplace_back();
            ++i;
        } else cell += c;
    }
    if (!cell.empty() || wasQuoted || !rows.back().empty()) rows.back().push_back(cell);
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

std::set<std::string> filesUnder(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        out.insert(std::filesystem::relative(e.path(), dir).string());
    return out;
}

bool isNumber(const std::string& s) { return std::regex_match(s, std::regex("-?[0-9]+(\\.[0-9]+)?")); }

} // namespace

TEST_CASE("cli: hostile log content is imported, shown and exported as inert data", "[cli][evidence][hostile]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("env");
    test::TempDir dir;
    const HostileCase hc = test::hostile::buildHostileCase(dir);
    const std::string bundle = dir.file("work/bundle.zip");
    {
        auto r = test::runTool("env", {"TMPDIR=" + dir.file("tmp"), test::cliPath(), "export", hc.casePath, "--out", bundle,
                                       "--case-name", kScript, "--examiner", kImg, "--export-time", "2026-03-01T12:00:00Z"},
                               dir.file("work/a/b"));
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
    }
    auto verified = test::runCli({"verify", bundle});
    INFO(verified.out << verified.err);
    REQUIRE(verified.exitCode == 0);

    SECTION("nothing is written outside the case and the bundle, nothing is named after an id") {
        // dir holds the two inputs, the case (plus SQLite's sidecars while open) and the bundle.
        for (const auto& f : filesUnder(dir.path())) {
            INFO(f);
            // tmp/ is the TMPDIR the CLI ran with (Qt keeps its runtime folder there).
            const bool expected = f == "work" || f == "work/a" || f == "work/a/b" || f.rfind("tmp", 0) == 0 ||
                                  f == "work/hostile.jsonl" ||
                                  f == "work/hostile.csv" || f == "work/bundle.zip" || f.rfind("work/hostile.siphon", 0) == 0;
            CHECK(expected);
        }
        auto list = test::runTool("unzip", {"-Z1", bundle});
        REQUIRE(list.exitCode == 0);
        std::stringstream ss(list.out);
        std::string name;
        int n = 0;
        while (std::getline(ss, name)) {
            ++n;
            INFO(name);
            // Bundle paths are Siphon's own: exhibit numbers and fixed names.
            CHECK(std::regex_match(name, std::regex("[A-Za-z0-9_./-]+")));
            CHECK(name.find("..") == std::string::npos);
            CHECK(name.front() != '/');
            CHECK(name.find("passwd") == std::string::npos);
            CHECK(name.find("script") == std::string::npos);
            CHECK(std::filesystem::path(name).filename() != "x");
        }
        CHECK(n >= 8);
    }

    const std::string u = dir.file("u");
    REQUIRE(test::runTool("unzip", {"-q", bundle, "-d", u}).exitCode == 0);

    SECTION("evidence CSVs neutralise every formula prefix") {
        int files = 0, hostileCells = 0;
        for (const auto& e : std::filesystem::directory_iterator(u + "/evidence")) {
            if (e.path().extension() != ".csv") continue;
            ++files;
            const auto rows = parseCsv(test::readFile(e.path().string()));
            REQUIRE(rows.size() >= 2);
            for (const auto& row : rows) {
                CHECK(row.size() == rows.front().size());
                for (const auto& cell : row) {
                    if (cell.empty()) continue;
                    const char c = cell.front();
                    INFO(e.path().filename().string() << ": cell [" << cell.substr(0, 80) << "]");
                    CHECK(c != '=');
                    CHECK(c != '+');
                    CHECK(c != '@');
                    CHECK(c != '\t');
                    CHECK(c != '\r');
                    CHECK(c != '\n');
                    if (c == '-') CHECK(isNumber(cell));
                    if (cell.rfind("'=", 0) == 0 || cell.rfind("'+", 0) == 0 || cell.rfind("'@", 0) == 0 ||
                        cell.rfind("'-", 0) == 0 || cell.rfind("'\t", 0) == 0 || cell.rfind("'\r", 0) == 0)
                        ++hostileCells;
                }
            }
        }
        CHECK(files >= 4);
        CHECK(hostileCells >= 20);   // the hostile cells are there, neutralised, not dropped
        const std::string all = test::readFile(u + "/evidence/EX-002.csv") + test::readFile(u + "/evidence/EX-001.csv");
        CHECK_THAT(all, Catch::Contains("'" + kFormula));
    }

    SECTION("charts and descriptive files carry no live markup") {
        int svgs = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(u)) {
            const std::string ext = e.path().extension().string();
            INFO(e.path().string());
            CHECK(ext != ".html");
            CHECK(ext != ".htm");
            if (ext != ".svg") continue;
            ++svgs;
            const std::string svg = test::readFile(e.path().string());
            CHECK(svg.find("<script") == std::string::npos);
            CHECK(svg.find("<img") == std::string::npos);
            CHECK(svg.find("onerror") == std::string::npos);
            CHECK(svg.find("\xE2\x80\xAE") == std::string::npos);   // no raw bidi override either
        }
        CHECK(svgs >= 1);
    }

    SECTION("report.pdf renders the hostile text literally and holds no active content") {
#ifndef SIPHON_HAVE_UI
        WARN("core-only build: no report.pdf to check");
        return;
#endif
        SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("pdftotext");
        const std::string pdf = withoutStreams(test::readFile(u + "/report.pdf"));
        REQUIRE(pdf.find("/Type /Catalog") != std::string::npos);   // the structure is still there
        for (const char* active : {"/JavaScript", "/JS", "/Launch", "/OpenAction", "/URI", "/EmbeddedFile"}) {
            INFO(active);
            CHECK(pdf.find(active) == std::string::npos);
        }
        auto t = test::runTool("pdftotext", {"-layout", u + "/report.pdf", "-"});
        REQUIRE(t.exitCode == 0);
        CHECK_THAT(t.out, Catch::Contains("acct-<script>alert(1)</script>"));
        CHECK_THAT(t.out, Catch::Contains("../../x"));
        CHECK_THAT(t.out, Catch::Contains("evil<U+202E>txt.exe<U+200B>"));
        CHECK_THAT(t.out, Catch::Contains("=cmd|' /C calc'!A0"));
        CHECK(t.out.find("\xE2\x80\xAE") == std::string::npos);
        CHECK(t.out.find('\x1B') == std::string::npos);
    }

    SECTION("the original records are byte-exact in the case and in the bundle") {
        auto db = store::openCase(hc.casePath, store::CaseAccess::Read);
        REQUIRE(db.ok());
        auto req = db->prepare("SELECT r.id, raw.raw FROM request r JOIN request_raw raw ON raw.request_id = r.id "
                               "WHERE r.request_id = ?1");
        auto rej = db->prepare("SELECT reason FROM reject WHERE raw = ?1 AND raw_truncated = 0");
        REQUIRE(req.ok());
        REQUIRE(rej.ok());
        std::map<int64_t, std::string> rawById;   // imported records of tagged accounts
        int rejected = 0;
        for (const auto& line : hc.lines) {
            INFO(line.requestId);
            req->reset();
            req->bind(1, line.requestId);
            if (req->step() == store::StepResult::Row) {
                CHECK(req->columnView(1) == line.bytes);
                if (HostileCase::tagged(line)) rawById[req->columnInt(0)] = line.bytes;
                continue;
            }
            // Not imported (the CSV reader refuses invalid UTF-8): kept as a reject, bytes intact.
            rej->reset();
            rej->bindBlob(1, line.bytes);
            REQUIRE(rej->step() == store::StepResult::Row);
            CHECK_THAT(rej->columnText(0), Catch::Contains("UTF-8"));
            ++rejected;
        }
        // Everything but the invalid UTF-8 rows is imported: markup, NUL, bidi, 10 MB, CR LF in quotes.
        CHECK(rejected == 8);
        // Every exported record carries its raw bytes: as text when valid UTF-8, base64 otherwise.
        int records = 0;
        for (const auto& e : std::filesystem::directory_iterator(u + "/evidence")) {
            if (e.path().extension() != ".jsonl") continue;
            std::stringstream ss(test::readFile(e.path().string()));
            std::string jl;
            while (std::getline(ss, jl)) {
                const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(jl)).object();
                REQUIRE_FALSE(o.isEmpty());
                const auto id = static_cast<int64_t>(o.value("request_row_id").toDouble());
                REQUIRE(rawById.count(id));
                const std::string raw = o.contains("raw_base64")
                                            ? QByteArray::fromBase64(o.value("raw_base64").toString().toLatin1()).toStdString()
                                            : o.value("raw").toString().toStdString();
                INFO("record " << id);
                CHECK(raw == rawById[id]);
                ++records;
            }
        }
        CHECK(records == static_cast<int>(rawById.size()));
    }

    SECTION("CLI tables keep formula prefixes neutral") {
        auto acc = test::runCli({"accounts", hc.casePath, "--format", "csv"});
        REQUIRE(acc.exitCode == 0);
        const auto rows = parseCsv(acc.out);
        REQUIRE(rows.size() >= 6);
        for (const auto& row : rows)
            for (const auto& cell : row)
                if (!cell.empty()) {
                    INFO(cell);
                    CHECK((cell.front() != '=' && cell.front() != '+' && cell.front() != '@'));
                }
        CHECK_THAT(acc.out, Catch::Contains("'" + kFormula));
    }
}
