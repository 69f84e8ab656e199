// Inputs framed in ways a sniffer for "\n" does not foresee: CR-only line ends (old Mac exports),
// CR mixed with CRLF, UTF-16 text, NUL bytes, a header with a CR inside it. Each imports every
// row with its own line number and byte offset, or fails with a reason: never "complete, 0 records".
#include "import_test_util.h"

#include <string>

using namespace siphon;
using namespace siphon::test;

namespace {

// The rows of kCsvHeader-shaped CSV, each without its line end.
std::vector<std::string> rows(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        std::string r = csvRow(i);
        r.pop_back();   // csvRow ends in '\n'
        out.push_back(r);
    }
    return out;
}

std::string header() {
    std::string h = kCsvHeader;
    h.pop_back();
    return h;
}

// Joins the header and rows with the given line ends (cycled), and a final one.
std::string joined(const std::vector<std::string>& body, const std::vector<std::string>& ends) {
    std::string out = header() + ends[0];
    for (size_t i = 0; i < body.size(); ++i) out += body[i] + ends[(i + 1) % ends.size()];
    return out;
}

// Every row is a request whose line, offset and stored bytes are the row's own.
void expectEveryRow(store::Database& db, const std::string& file, const std::vector<std::string>& body) {
    REQUIRE(count(db, "SELECT count(*) FROM request") == static_cast<int64_t>(body.size()));
    CHECK(count(db, "SELECT count(*) FROM reject") == 0);
    CHECK(count(db, "SELECT complete FROM source_file") == 1);
    for (size_t i = 0; i < body.size(); ++i) {
        INFO("row " << i);
        const int64_t offset = static_cast<int64_t>(file.find(body[i]));
        REQUIRE(offset > 0);
        const std::string where = " FROM request WHERE record_key = 'req-" + std::to_string(i) + "'";
        CHECK(count(db, "SELECT line" + where) == static_cast<int64_t>(i) + 2);
        CHECK(count(db, "SELECT byte_offset" + where) == offset);
        CHECK(count(db, "SELECT byte_length" + where) == static_cast<int64_t>(body[i].size()));
        CHECK(text(db, "SELECT CAST(siphon_source_bytes(source_file_id, byte_offset, byte_length) AS TEXT)" + where) ==
              body[i]);
    }
}

} // namespace

TEST_CASE("CR-only line ends import every row with its line and offset", "[ingest][framing]") {
    TempDir dir;
    const auto body = rows(30);
    const std::string file = joined(body, {"\r"});
    writeFile(dir.file("mac.csv"), file);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("mac.csv")});
    REQUIRE(s.files.size() == 1);
    CHECK_FALSE(s.files[0].error);
    CHECK(s.files[0].records == 30);
    expectEveryRow(db, file, body);
}

TEST_CASE("CR line ends mixed with CRLF, after a UTF-8 byte-order mark", "[ingest][framing]") {
    TempDir dir;
    const auto body = rows(25);
    const std::string file = "\xEF\xBB\xBF" + joined(body, {"\r", "\r\n", "\r"});
    writeFile(dir.file("mixed.csv"), file);
    auto db = openTestCase(dir.file("c.siphon"));
    importOk(db, {dir.file("mixed.csv")});
    expectEveryRow(db, file, body);
}

TEST_CASE("CR-only JSON lines import every record with its line", "[ingest][framing]") {
    TempDir dir;
    std::string file;
    for (int i = 0; i < 12; ++i)
        file += "{\"timestamp\":\"2026-02-03T14:00:0" + std::to_string(i % 10) + "Z\",\"account_id\":\"a\","
                "\"model\":\"gpt-4o\",\"input_tokens\":5,\"output_tokens\":7,\"request_id\":\"r" + std::to_string(i) +
                "\",\"prompt\":\"p\"}\r";
    writeFile(dir.file("mac.jsonl"), file);
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("mac.jsonl")});
    CHECK_FALSE(s.files[0].error);
    CHECK(count(db, "SELECT count(*) FROM request") == 12);
    CHECK(count(db, "SELECT count(*) FROM reject") == 0);
    CHECK(count(db, "SELECT line FROM request WHERE record_key = 'r7'") == 8);
    CHECK(count(db, "SELECT byte_offset FROM request WHERE record_key = 'r7'") ==
          static_cast<int64_t>(file.find("{\"timestamp\":\"2026-02-03T14:00:07Z\"")));
}

TEST_CASE("inputs that are not UTF-8 text fail with the reason, never as an empty import", "[ingest][framing]") {
    TempDir dir;
    auto db = openTestCase(dir.file("c.siphon"));
    const std::string csv = joined(rows(5), {"\n"});
    auto expectFailure = [&](const std::string& name, const std::string& bytes, const std::string& reason) {
        INFO(name);
        writeFile(dir.file(name), bytes);
        auto s = importOk(db, {dir.file(name)});
        REQUIRE(s.files.size() == 1);
        REQUIRE(s.files[0].error);
        CHECK_THAT(s.files[0].error->message, Catch::Contains(reason));
        CHECK_FALSE(s.files[0].complete);
    };
    SECTION("UTF-16 with a byte-order mark") {
        std::string utf16 = "\xFF\xFE";
        for (char c : csv) {
            utf16 += c;
            utf16 += '\0';
        }
        expectFailure("utf16.csv", utf16, "UTF-16");
    }
    SECTION("NUL bytes in the header (UTF-16 without a byte-order mark)") {
        std::string utf16;
        for (char c : csv) {
            utf16 += c;
            utf16 += '\0';
        }
        expectFailure("nul.csv", utf16, "NUL");
    }
    SECTION("a carriage return inside the header: LF and lone CR mixed") {
        expectFailure("crlf-mix.csv", header() + "\r" + rows(1)[0] + "\n" + rows(2)[1] + "\n", "carriage return");
    }
}

TEST_CASE("megabytes of blank lines before the first record are read past", "[ingest][framing]") {
    TempDir dir;
    std::string file(3u << 20, '\n');
    file += "{\"timestamp\":\"2026-02-03T14:00:00Z\",\"account_id\":\"a\",\"model\":\"gpt-4o\",\"input_tokens\":5,"
            "\"output_tokens\":7,\"request_id\":\"r1\",\"prompt\":\"p\"}\n";
    writeFile(dir.file("late.jsonl"), file);
    writeFile(dir.file("blank.jsonl"), std::string(3u << 20, ' '));
    auto db = openTestCase(dir.file("c.siphon"));
    auto s = importOk(db, {dir.file("late.jsonl"), dir.file("blank.jsonl")});
    REQUIRE(s.files.size() == 2);
    CHECK_FALSE(s.files[0].error);
    CHECK(count(db, "SELECT line FROM request WHERE record_key = 'r1'") == (3 << 20) + 1);
    REQUIRE(s.files[1].error);
    CHECK_THAT(s.files[1].error->message, Catch::Contains("white space only"));
}
