// Case files that are not what they claim, through the commands an examiner runs on them: a text
// file, another application's SQLite database, a case from a newer Siphon, an empty file, a case
// whose pages were damaged after its header. Each must end in a clear one-line error and exit 1
// (never a crash, never a half-written case), and a foreign file must be left byte-for-byte as it was.
#include "evidence_cli_util.h"

#include "store/database.h"

#include <filesystem>

using namespace siphon;

namespace {

using Commands = std::vector<std::vector<std::string>>;

Commands readCommands(const std::string& file) { return {{"info", file}, {"accounts", file}, {"audit", file, "--verify"}}; }
Commands writeCommands(const std::string& file) {
    return {{"analyze", file}, {"tag", file, "--entity", "x", "--label", "suspected", "--by", "t"}};
}

void expectRefused(const std::string& file, const std::string& reason, const Commands& commands) {
    const std::string before = test::readFile(file);
    for (const auto& args : commands) {
        auto r = test::runCli(args);
        INFO(args[0] << " " << file << ": exit " << r.exitCode << "\n" << r.err);
        CHECK(r.exitCode == 1);
        CHECK_THAT(r.err, Catch::Contains(reason));
        CHECK(r.err.find("error:") != std::string::npos);
        CHECK(test::readFile(file) == before);
    }
}

void makeForeignDatabase(const std::string& path) {
    auto other = store::Database::open(path, store::OpenMode::ReadWriteCreate);
    REQUIRE(other.ok());
    REQUIRE(other->exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);").ok());
}

} // namespace

TEST_CASE("cli: files that are not current Siphon cases are refused with a clear error", "[cli][store][hostile]") {
    test::TempDir dir;
    SECTION("a text file") {
        test::writeFile(dir.file("notes.siphon"), std::string(8192, 'x'));
        expectRefused(dir.file("notes.siphon"), "not a Siphon case file", readCommands(dir.file("notes.siphon")));
        expectRefused(dir.file("notes.siphon"), "not a Siphon case file", writeCommands(dir.file("notes.siphon")));
    }
    SECTION("another application's SQLite database, through the commands that only read") {
        makeForeignDatabase(dir.file("other.siphon"));
        expectRefused(dir.file("other.siphon"), "not a Siphon case file", readCommands(dir.file("other.siphon")));
    }
    SECTION("a case from a newer Siphon") {
        REQUIRE(test::runCli({"import", dir.file("c.siphon"), test::fixture("evidence/traffic.csv")}).exitCode == 0);
        {
            auto db = store::openCase(dir.file("c.siphon"), store::CaseAccess::Write);
            REQUIRE(db.ok());
            REQUIRE(db->exec("PRAGMA user_version = 999; PRAGMA wal_checkpoint(TRUNCATE);").ok());
        }
        expectRefused(dir.file("c.siphon"), "newer", readCommands(dir.file("c.siphon")));
        expectRefused(dir.file("c.siphon"), "newer", writeCommands(dir.file("c.siphon")));
    }
}

// openCase checks application_id and the schema version (in migrate) before it switches to WAL,
// which would rewrite the header bytes 18-19 of whatever the file is.
TEST_CASE("cli: commands that write leave another application's database untouched", "[cli][store][hostile]") {
    test::TempDir dir;
    makeForeignDatabase(dir.file("other.siphon"));
    expectRefused(dir.file("other.siphon"), "not a Siphon case file", writeCommands(dir.file("other.siphon")));
}

TEST_CASE("cli: a case damaged after its header fails with an error, not a crash", "[cli][store][hostile]") {
    test::TempDir dir;
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, test::fixture("evidence/traffic.csv")}).exitCode == 0);
    {
        auto db = store::openCase(c, store::CaseAccess::Write);
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    // Overwrite every page but the first (which holds the header and schema root) with garbage.
    std::string bytes = test::readFile(c);
    REQUIRE(bytes.size() > 8192);
    for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131) & 0xFF);
    test::writeFile(c, bytes);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"info", c}, {"analyze", c}, {"accounts", c},
                                                  {"export", c, "--out", dir.file("b.zip")}}) {
        auto r = test::runCli(args);
        INFO(args[0] << ": exit " << r.exitCode << "\n" << r.out << r.err);
        CHECK(r.exitCode == 1);
        CHECK(r.err.find("error:") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(dir.file("b.zip")));
}
