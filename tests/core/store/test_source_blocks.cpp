// Records are read back from the compressed source blocks a case keeps: across block boundaries,
// through the SQL views, and never silently when a block is damaged.
#include <catch2/catch.hpp>

#include "store/block_codec.h"
#include "store/case_file.h"
#include "store/source_bytes.h"
#include "test_paths.h"

#include <string>

using namespace siphon;
using namespace siphon::store;

namespace {
void addBlock(Database& db, int64_t start, const std::string& bytes) {
    BlockCompressor c;
    std::string z;
    REQUIRE(c.compress(bytes, z).ok());
    auto st = db.prepare("INSERT INTO source_block(source_file_id, start_offset, raw_length, codec, data)"
                         " VALUES (1, ?1, ?2, 'zstd', ?3)");
    REQUIRE(st.ok());
    st->bind(1, start).bind(2, static_cast<int64_t>(bytes.size())).bindBlob(3, z);
    REQUIRE(st->run().ok());
}

Result<Database> caseWithTwoBlocks(const test::TempDir& dir) {
    auto db = openCase(dir.file("c.siphon"), CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    REQUIRE(db->exec("INSERT INTO source_file(id, path, display_name, sha256, size_bytes, format, importer_version,"
                     " imported_at_us) VALUES (1, 'a.csv', 'a.csv', 'abc', 24, 'generic_csv', 'siphon 0', 0)")
                .ok());
    addBlock(*db, 0, "alpha,1\nbra");     // a record cut by the block boundary
    addBlock(*db, 11, "vo,2\ncharlie,3\n");
    return db;
}
} // namespace

TEST_CASE("source bytes are read back within and across blocks", "[store][blocks]") {
    test::TempDir dir;
    auto db = caseWithTwoBlocks(dir);
    SourceBytesReader reader;
    auto within = reader.read(db->handle(), 1, 0, 7);
    REQUIRE(within.ok());
    REQUIRE(within->has_value());
    CHECK(**within == "alpha,1");
    auto across = reader.read(db->handle(), 1, 8, 7);
    REQUIRE(across.ok());
    REQUIRE(across->has_value());
    CHECK(**across == "bravo,2");
    auto last = reader.read(db->handle(), 1, 16, 9);
    REQUIRE(last.ok());
    CHECK(**last == "charlie,3");
    // Past the stored bytes, or another file: not stored, and said so (no partial answer).
    auto beyond = reader.read(db->handle(), 1, 20, 10);
    REQUIRE(beyond.ok());
    CHECK_FALSE(beyond->has_value());
    auto other = reader.read(db->handle(), 2, 0, 3);
    REQUIRE(other.ok());
    CHECK_FALSE(other->has_value());
}

TEST_CASE("the request_raw and request_content views read records from source blocks", "[store][blocks]") {
    test::TempDir dir;
    auto db = caseWithTwoBlocks(dir);
    REQUIRE(db->exec("INSERT INTO request(id, source_file_id, line, byte_offset, byte_length, source_format,"
                     " record_key, key_hash, content_hash, ts_start_us, ts_precision_us, has_content, prompt_text,"
                     " response_at, response_len) VALUES (1, 1, 2, 8, 7, 'generic_csv', 'r1', 1, 1, 0, 1000, 1, 'p',"
                     " 0, 5)")
                .ok());
    auto st = db->prepare("SELECT CAST(w.raw AS TEXT), c.response FROM request_raw w JOIN request_content c"
                          " ON c.request_id = w.request_id");
    REQUIRE(st.ok());
    REQUIRE(st->step() == StepResult::Row);
    CHECK(st->columnText(0) == "bravo,2");
    CHECK(st->columnText(1) == "bravo");
}

TEST_CASE("a damaged source block is an error, never wrong bytes", "[store][blocks]") {
    test::TempDir dir;
    auto db = caseWithTwoBlocks(dir);
    // Flip one byte in the middle of the second block's compressed frame.
    REQUIRE(db->exec("UPDATE source_block SET data = substr(data, 1, length(data) / 2) ||"
                     " CAST(char((unicode(substr(CAST(data AS TEXT), length(data) / 2 + 1, 1)) + 1) % 128) AS BLOB) ||"
                     " substr(data, length(data) / 2 + 2) WHERE start_offset = 11")
                .ok());
    SourceBytesReader reader;
    auto r = reader.read(db->handle(), 1, 16, 9);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK_THAT(r.error().message, Catch::Contains("damaged"));
    // Through SQL the view fails with the reason instead of returning a wrong record.
    auto st = db->prepare("SELECT siphon_source_bytes(1, 16, 9)");
    REQUIRE(st.ok());
    CHECK(st->step() == StepResult::Error);
}

TEST_CASE("a block restores to exactly its length or fails", "[store][blocks]") {
    BlockCompressor c;
    std::string z, out;
    REQUIRE(c.compress("hello hello hello", z).ok());
    REQUIRE(decompressBlock(kCodecZstd, z, 17, out).ok());
    CHECK(out == "hello hello hello");
    CHECK_FALSE(decompressBlock(kCodecZstd, z, 16, out).ok());
    CHECK_FALSE(decompressBlock(kCodecZstd, z.substr(0, z.size() - 3), 17, out).ok());
    CHECK_FALSE(decompressBlock("lz9", z, 17, out).ok());
    CHECK(decompressBlock(kCodecNone, "abc", 3, out).ok());
    CHECK(out == "abc");
}
