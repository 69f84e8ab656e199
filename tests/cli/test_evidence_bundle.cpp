#include "evidence_cli_util.h"

#include "evidence/zip_writer.h"
#include "shared_data.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <sstream>

using namespace siphon;

namespace {

const char* kExportTime = "2026-03-01T12:00:00Z";

std::string exportBundle(const std::string& casePath, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", casePath, "--out", out, "--case-name", "Acme v. Evil — 2026-017",
                                     "--examiner", "Ann Examiner", "--bates-prefix", "ACME", "--export-time", kExportTime};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = test::runCli(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

std::string unzipTo(const std::string& zip, const std::string& dir) {
    std::filesystem::create_directories(dir);
    auto r = test::runTool("unzip", {"-q", "-o", zip, "-d", dir});
    REQUIRE(r.exitCode == 0);
    return dir;
}

std::vector<std::string> sumsOrder(const std::string& dir) {
    std::vector<std::string> order;
    std::stringstream ss(test::readFile(dir + "/SHA256SUMS"));
    std::string line;
    while (std::getline(ss, line))
        if (line.size() > 66) order.push_back(line.substr(66));
    return order;
}

} // namespace

TEST_CASE("cli: export writes a verifiable, signed bundle", "[cli][evidence][bundle]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("openssl");
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    REQUIRE(test::runTool("openssl", {"genpkey", "-algorithm", "ed25519", "-out", dir.file("key.pem")}).exitCode == 0);
    REQUIRE(test::runTool("openssl", {"pkey", "-in", dir.file("key.pem"), "-pubout", "-out", dir.file("pub.pem")}).exitCode == 0);
    exportBundle(c, dir.file("b.zip"), {"--sign", dir.file("key.pem")});
    const std::string u = unzipTo(dir.file("b.zip"), dir.file("u"));

    SECTION("sha256sum -c and openssl pkeyutl -verify accept it") {
        auto sums = test::runTool("sha256sum", {"-c", "SHA256SUMS"}, u);
        INFO(sums.out << sums.err);
        CHECK(sums.exitCode == 0);
        auto sig = test::runTool("openssl", {"pkeyutl", "-verify", "-pubin", "-inkey", dir.file("pub.pem"), "-rawin", "-in",
                                             "SHA256SUMS", "-sigfile", "SHA256SUMS.sig"},
                                 u);
        INFO(sig.out << sig.err);
        CHECK(sig.exitCode == 0);
        auto v = test::runCli({"verify", dir.file("b.zip"), "--pubkey", dir.file("pub.pem")});
        INFO(v.err);
        CHECK(v.exitCode == 0);
        CHECK_THAT(v.out, Catch::Contains("signature valid"));
    }
    SECTION("contents: manifest, evidence, charts, timeline, certification") {
        for (const char* f : {"evidence/EX-001.csv", "evidence/EX-001.jsonl", "charts/EX-001.svg", "timeline.jsonl",
                              "audit_log.jsonl", "sources.json", "case.jsonld", "manifest.json",
                              "certification_draft.txt", "SHA256SUMS", "SHA256SUMS.sig"})
            CHECK(std::filesystem::exists(u + "/" + f));
#ifdef SIPHON_HAVE_UI
        // The PDF report and PNG charts are rendered by the UI library (absent in core-only builds).
        CHECK(std::filesystem::exists(u + "/report.pdf"));
        CHECK(std::filesystem::exists(u + "/charts/EX-001.png"));
#endif
        const QJsonObject m = QJsonDocument::fromJson(QByteArray::fromStdString(test::readFile(u + "/manifest.json"))).object();
        CHECK(m.value("examiner").toString() == "Ann Examiner");
        CHECK(m.value("export_time").toString().startsWith("2026-03-01T12:00:00"));
        CHECK(m.value("files").toArray().size() == static_cast<int>(sumsOrder(u).size()) - 1);
        const std::string csv = test::readFile(u + "/evidence/EX-001.csv");
        CHECK_THAT(csv, Catch::Contains("source_file,sha256,line,byte_offset"));
        // Hostile prompts: formula neutralised; the raw original bytes kept in the JSONL.
        CHECK_THAT(csv, Catch::Contains(",'=cmd|' /C calc'!A0,"));
        CHECK_THAT(csv, !Catch::Contains(",=cmd|"));
        const std::string jsonl = test::readFile(u + "/evidence/EX-001.jsonl");
        CHECK_THAT(jsonl, Catch::Contains("\"raw\":\"2026-01-05T00:00:00Z,evil-1,"));
        const std::string tl = test::readFile(u + "/timeline.jsonl");
        CHECK_THAT(tl, Catch::Contains("\"timestamp_desc\":\"API request start\""));
        CHECK_THAT(tl, Catch::Contains("\"datetime\":\"2026-01-05T00:00:00"));
        const std::string cert = test::readFile(u + "/certification_draft.txt");
        CHECK_THAT(cert, Catch::Contains("902(13)"));
        CHECK_THAT(cert, Catch::Contains("Ann Examiner"));
        CHECK_THAT(cert, Catch::Contains("traffic.csv"));
    }
    SECTION("report.pdf: Bates number and legend on every page, findings with reasons, hostile text literal") {
        SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("pdftotext");
#ifndef SIPHON_HAVE_UI
        WARN("core-only build: no report.pdf to check");
        return;
#endif
        auto t = test::runTool("pdftotext", {"-layout", u + "/report.pdf", "-"});
        REQUIRE(t.exitCode == 0);
        std::vector<std::string> pages;
        std::stringstream ss(t.out);
        std::string page;
        while (std::getline(ss, page, '\f'))
            if (!page.empty()) pages.push_back(page);
        REQUIRE(pages.size() >= 3);
        for (size_t i = 0; i < pages.size(); ++i) {
            char bates[32];
            std::snprintf(bates, sizeof bates, "ACME-%06zu", i + 1);
            INFO("page " << i + 1);
            CHECK_THAT(pages[i], Catch::Contains(bates));
            CHECK_THAT(pages[i], Catch::Contains("CONFIDENTIAL"));
        }
        CHECK_THAT(t.out, Catch::Contains("evil-1"));
        CHECK_THAT(t.out, Catch::Contains("92% of prompts share 3 templates"));
        CHECK_THAT(t.out, Catch::Contains("test-config-1"));
        CHECK_THAT(t.out, Catch::Contains("UTC"));
        CHECK_THAT(t.out, Catch::Contains("Limitations"));
        CHECK_THAT(t.out, Catch::Contains("<script>alert(1)</"));
        CHECK_THAT(t.out, Catch::Contains("<U+202E>"));
        CHECK_THAT(t.out, Catch::Contains("<U+0001>"));
    }
    SECTION("case.jsonld passes check-case-uco") {
        const std::string tool = test::sharedDir() + "/tools/check-case-uco";
        if (!std::filesystem::exists(tool)) SIPHON_SKIP_OR_FAIL_WITHOUT_SHARED("shared/tools/check-case-uco");
        auto r = test::runTool(tool, {u + "/case.jsonld"});
        INFO(r.out << r.err);
        CHECK(r.exitCode == 0);
    }
}

TEST_CASE("cli: the same case, tags and export time give a byte-identical bundle", "[cli][evidence][bundle]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    // Two identical case states: the export appends to the audit log, so export from copies.
    std::filesystem::copy_file(c, dir.file("copy.siphon"));
    exportBundle(c, dir.file("a.zip"));
    exportBundle(dir.file("copy.siphon"), dir.file("b.zip"));
    const std::string a = test::readFile(dir.file("a.zip"));
    CHECK(a.size() > 1000);
    CHECK(a == test::readFile(dir.file("b.zip")));
    // The export itself was audited, with the bundle's hash.
    auto audit = test::runCli({"audit", c});
    CHECK_THAT(audit.out, Catch::Contains("export"));
    CHECK_THAT(audit.out, Catch::Contains("bundle_sha256"));
}

TEST_CASE("cli: verify names the file whose byte was flipped", "[cli][evidence][bundle]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    exportBundle(c, dir.file("b.zip"));
    const std::string u = unzipTo(dir.file("b.zip"), dir.file("u"));
#ifdef SIPHON_HAVE_UI
    const std::vector<std::string> victims = {"evidence/EX-002.csv", "audit_log.jsonl", "report.pdf"};
#else
    const std::vector<std::string> victims = {"evidence/EX-002.csv", "audit_log.jsonl", "timeline.jsonl"};
#endif
    for (const std::string& victim : victims) {
        // Rebuild the ZIP with one byte of one file changed (the archive itself stays well-formed).
        std::vector<evidence::ZipEntry> entries;
        for (const auto& path : sumsOrder(u)) {
            std::string bytes = test::readFile(u + "/" + path);
            if (path == victim) bytes[bytes.size() / 2] ^= 0x01;
            entries.push_back({path, bytes});
        }
        entries.push_back({"SHA256SUMS", test::readFile(u + "/SHA256SUMS")});
        const std::string tampered = dir.file("tampered.zip");
        REQUIRE(evidence::writeDeterministicZip(tampered, entries, 1'700'000'000'000'000LL).ok());
        auto v = test::runCli({"verify", tampered});
        INFO(victim << "\n" << v.err);
        CHECK(v.exitCode == 1);
        CHECK_THAT(v.err, Catch::Contains(victim + ": SHA-256 mismatch"));
    }
    // A byte flipped inside the compressed ZIP itself is caught too.
    std::string zip = test::readFile(dir.file("b.zip"));
    zip[zip.size() / 3] ^= 0x20;
    test::writeFile(dir.file("flipped.zip"), zip);
    auto v = test::runCli({"verify", dir.file("flipped.zip")});
    CHECK(v.exitCode == 1);
    CHECK_THAT(v.err, Catch::Contains("FAIL"));
}

TEST_CASE("cli: verify refuses traversal, absolute paths and symlinks without extracting", "[cli][evidence][bundle]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("python3");
    test::TempDir dir;
    const std::string script = R"PY(
import sys, zipfile, stat
kind, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w') as z:
    if kind == 'traversal': z.writestr('../evil.txt', 'x')
    elif kind == 'absolute': z.writestr('/tmp/evil.txt', 'x')
    else:
        info = zipfile.ZipInfo('link')
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, '/etc/passwd')
    z.writestr('SHA256SUMS', '')
)PY";
    test::writeFile(dir.file("make.py"), script);
    for (const std::string kind : {"traversal", "absolute", "symlink"}) {
        const std::string zip = dir.file(kind + ".zip");
        REQUIRE(test::runTool("python3", {dir.file("make.py"), kind, zip}).exitCode == 0);
        auto v = test::runCli({"verify", zip});
        INFO(kind << ": " << v.err);
        CHECK(v.exitCode == 1);
        CHECK_THAT(v.err, Catch::Contains("refused"));
    }
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/../evil.txt"));
}

TEST_CASE("cli: --redact prompts replaces content with commitments and keeps the salt out", "[cli][evidence][bundle]") {
    SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL("unzip");
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    test::buildTaggedCase(c);
    exportBundle(c, dir.file("r.zip"), {"--redact", "prompts"});
    const std::string u = unzipTo(dir.file("r.zip"), dir.file("u"));
    const std::string csv = test::readFile(u + "/evidence/EX-001.csv");
    CHECK_THAT(csv, Catch::Contains("prompt_commitment"));
    CHECK_THAT(csv, Catch::Contains("sha256:"));
    CHECK_THAT(csv, !Catch::Contains("calc"));
    const std::string jsonl = test::readFile(u + "/evidence/EX-001.jsonl");
    CHECK_THAT(jsonl, !Catch::Contains("step by step"));
    CHECK_THAT(jsonl, Catch::Contains("raw_commitment"));
    CHECK(test::runCli({"verify", dir.file("r.zip")}).exitCode == 0);

    auto db = store::openCase(c, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto st = db->prepare("SELECT hex(value), value FROM case_secret WHERE name = 'redaction_salt'");
    REQUIRE(st.ok());
    REQUIRE(st->step() == store::StepResult::Row);
    std::string hex = st->columnText(0);
    for (auto& ch : hex) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const std::string raw(st->columnView(1));
    REQUIRE(raw.size() == 32);
    for (const auto& e : std::filesystem::recursive_directory_iterator(u)) {
        if (!e.is_regular_file()) continue;
        const std::string bytes = test::readFile(e.path().string());
        INFO(e.path());
        CHECK(bytes.find(hex) == std::string::npos);
        CHECK(bytes.find(raw) == std::string::npos);
    }
}
