#pragma once
// Helpers for import tests: import files into a fresh case and read counts back.
#include "ingest/importer.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace siphon::test {

inline store::Database openTestCase(const std::string& path) {
    auto db = store::openCase(path, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    return std::move(db.value());
}

inline ingest::ImportSummary importOk(store::Database& db, const std::vector<std::string>& paths,
                                      ingest::ImportOptions options = {}) {
    auto r = ingest::importFiles(db, paths, options);
    REQUIRE(r.ok());
    return std::move(r.value());
}

inline int64_t count(const store::Database& db, const std::string& sql) {
    auto r = db.queryInt(sql);
    REQUIRE(r.ok());
    return *r;
}

inline std::string text(const store::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    if (st->step() != store::StepResult::Row) return {};
    return st->columnText(0);
}

inline const char* kCsvHeader =
    "timestamp,account_id,api_key_id,source_ip,model,input_tokens,output_tokens,request_id,prompt\n";

inline std::string csvRow(int i, const std::string& prompt = "hello") {
    return "2026-02-03T14:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ":00Z,acct" +
           std::to_string(i % 3) + ",k" + std::to_string(i % 5) + ",10.0.0." + std::to_string(i % 7) +
           ",gpt-4o,10,100,req-" + std::to_string(i) + "," + prompt + "\n";
}

// The same row with other input tokens: same request id, other content (a conflict).
inline std::string withOtherTokens(std::string row, int inputTokens) {
    row.replace(row.find(",10,100,"), 8, "," + std::to_string(inputTokens) + ",100,");
    return row;
}

// csvRow(first) .. csvRow(last), inclusive.
inline std::string rowsOf(int first, int last) {
    std::string s;
    for (int i = first; i <= last; ++i) s += csvRow(i);
    return s;
}

// Entities of `level` whose totals (requests, tokens, first and last hour) differ from what their
// stored requests add up to; `column` is the request column naming the level's entity.
inline int64_t entitiesWithWrongTotals(const store::Database& db, int level, const std::string& column) {
    const std::string of = "FROM request r WHERE r." + column + " = e.name";
    return count(db, "SELECT count(*) FROM entity e WHERE e.level = " + std::to_string(level) +
                         " AND (e.requests <> (SELECT count(*) " + of + ")"
                         " OR e.input_tokens <> (SELECT sum(input_tokens) " + of + ")"
                         " OR e.output_tokens <> (SELECT sum(output_tokens) " + of + ")"
                         " OR e.first_hour_us <> (SELECT min(ts_start_us) / 3600000000 * 3600000000 " + of + ")"
                         " OR e.last_hour_us <> (SELECT max(ts_start_us) / 3600000000 * 3600000000 " + of + "))");
}

} // namespace siphon::test
