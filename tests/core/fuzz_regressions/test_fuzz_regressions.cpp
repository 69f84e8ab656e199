// Replays every input kept in tests/fixtures/fuzz-regressions/<target>/ (crash inputs found by
// the libFuzzer targets in fuzz/, plus a few hand-made edge cases named handmade-*) through the
// production entry points: importFiles with each reader of the target's family forced and with
// sniffing, and verifyBundle for bundles. Asserts no crash, and that every input record is
// accounted for: in the case's tables exactly as the file summary says, and with
// records == requests + rejects + duplicates when no usage buckets were made (one record may
// make several buckets, so then records <= the rows made).
#include "evidence/bundle_verify.h"
#include "ingest/byte_source.h"
#include "ingest/format_reader.h"
#include "ingest/importer.h"
#include "ingest/input_buffer.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace siphon;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> regressionInputs(const std::string& target) {
    std::vector<std::string> out;
    const fs::path dir = test::fixture("fuzz-regressions/" + target);
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> readerIds(ingest::FormatReader::Kind kind) {
    std::vector<std::string> ids{"auto"};
    for (const auto& r : ingest::makeAllReaders())
        if (r->kind() == kind) ids.emplace_back(r->id());
    return ids;
}

// A reader whose one record holds several log events (CloudWatch deliveries) gives one outcome
// per event, at least one per record.
bool carriesEvents(const std::string& readerId) {
    for (const auto& r : ingest::makeAllReaders())
        if (r->id() == readerId) return r->carriesEvents();
    return false;
}

int64_t rowsFor(const store::Database& db, const char* table, int64_t sourceId) {
    auto st = db.prepare(std::string("SELECT count(*) FROM ") + table + " WHERE source_file_id = ?1");
    REQUIRE(st.ok());
    st->bind(1, sourceId);
    REQUIRE(st->step() == store::StepResult::Row);
    return st->columnInt(0);
}

// Imports `input` (copied under a neutral name, as a fuzzer hands it over) with `format`.
void replayImport(const std::string& input, const std::string& format) {
    INFO("input " << input << " with --format " << format);
    test::TempDir tmp;
    const std::string copy = tmp.file("input" + fs::path(input).extension().string());
    fs::copy_file(input, copy);
    auto db = store::openCase(tmp.file("case.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    ingest::ImportOptions options;
    options.format = format;
    auto summary = ingest::importFiles(*db, {copy}, options);
    REQUIRE(summary.ok());
    REQUIRE(summary->files.size() == 1);
    const auto& f = summary->files[0];
    if (f.sourceId < 0) {   // refused before any record (unknown format, empty input)
        CHECK(f.error.has_value());
        CHECK(f.records == 0);
        return;
    }
    CHECK(rowsFor(*db, "request", f.sourceId) == f.requests);
    CHECK(rowsFor(*db, "usage_bucket", f.sourceId) == f.buckets);
    CHECK(rowsFor(*db, "reject", f.sourceId) == f.rejects);
    CHECK(rowsFor(*db, "duplicate", f.sourceId) == f.duplicates);
    if (f.buckets == 0 && !carriesEvents(f.format)) {
        CHECK(f.records == f.requests + f.rejects + f.duplicates);
    } else {
        CHECK(f.records >= 1);
        CHECK(f.records <= f.requests + f.buckets + f.rejects + f.duplicates);
    }
}

} // namespace

TEST_CASE("fuzz regressions: JSON inputs import under every JSON reader", "[fuzz][ingest]") {
    const auto inputs = regressionInputs("fuzz_json");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs)
        for (const auto& format : readerIds(ingest::FormatReader::Kind::Json)) replayImport(input, format);
}

TEST_CASE("fuzz regressions: CSV inputs import under every CSV reader", "[fuzz][ingest]") {
    const auto inputs = regressionInputs("fuzz_csv");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs)
        for (const auto& format : readerIds(ingest::FormatReader::Kind::Csv)) replayImport(input, format);
}

TEST_CASE("fuzz regressions: damaged and compressed byte streams import safely", "[fuzz][ingest]") {
    const auto inputs = regressionInputs("fuzz_source");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs) replayImport(input, "auto");
}

// What fuzz_source checks, with its 4 KiB record cap: no line handed out is longer than the cap
// (an over-long line used to come back with up to 1 MiB of its head), and offsets only grow.
TEST_CASE("fuzz regressions: byte streams read line by line keep every line within the cap", "[fuzz][ingest]") {
    const auto inputs = regressionInputs("fuzz_source");
    REQUIRE_FALSE(inputs.empty());
    constexpr size_t kCap = 4096;
    for (const auto& input : inputs) {
        INFO(input);
        auto src = ingest::ByteSource::open(input);
        if (!src) continue;   // refused when opened: nothing to read
        ingest::InputBuffer in(**src, kCap);
        std::string_view line;
        int64_t offset = 0, lineNo = 0, lastOffset = -1;
        bool tooLong = false;
        while (in.nextLine(line, offset, lineNo, tooLong)) {
            CHECK(line.size() <= kCap);
            CHECK(offset > lastOffset);
            lastOffset = offset;
        }
    }
}

TEST_CASE("fuzz regressions: whole-pipeline inputs (sniffing, any reader, compression) import safely",
          "[fuzz][ingest]") {
    const auto inputs = regressionInputs("fuzz_import");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs) replayImport(input, "auto");
}

TEST_CASE("fuzz regressions: hostile bundles are reported, never trusted, nothing written", "[fuzz][evidence]") {
    const auto inputs = regressionInputs("fuzz_bundle");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs) {
        INFO("bundle " << input);
        test::TempDir tmp;
        const std::string copy = tmp.file("bundle.zip");
        fs::copy_file(input, copy);
        auto report = evidence::verifyBundle(copy, std::nullopt);
        REQUIRE(report.ok());
        CHECK_FALSE(report->ok);
        CHECK_FALSE(report->failures.empty());
        // Verification streams entries: the folder still holds only the bundle.
        const auto entries = std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator());
        CHECK(entries == 1);
    }
}
