#pragma once
// Helpers for the format-reader tests: import one file into a fresh case, then read values back
// with bound SQL. Values come back as text; SQL NULL comes back as "NULL".
#include "ingest/importer.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace siphon::test::readers {

struct Imported {
    store::Database db;
    ingest::FileImportResult file;
};

inline Imported importOne(const TempDir& dir, const std::string& path, ingest::ImportOptions options = {}) {
    auto db = store::openCase(dir.file("case.siphon"), store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    auto r = ingest::importFiles(*db, {path}, options);
    REQUIRE(r.ok());
    REQUIRE(r->files.size() == 1);
    return Imported{std::move(db.value()), r->files[0]};
}

inline std::string val(const store::Database& db, const std::string& sql, const std::vector<std::string>& binds = {}) {
    auto st = db.prepare(sql);
    REQUIRE(st.ok());
    for (size_t i = 0; i < binds.size(); ++i) st->bind(static_cast<int>(i + 1), binds[i]);
    if (st->step() != store::StepResult::Row) return "NO ROW";
    return st->columnIsNull(0) ? std::string("NULL") : st->columnText(0);
}

inline int64_t num(const store::Database& db, const std::string& sql, const std::vector<std::string>& binds = {}) {
    const std::string v = val(db, sql, binds);
    REQUIRE(v != "NULL");
    REQUIRE(v != "NO ROW");
    return std::stoll(v);
}

// The file's lines without their terminators (line N is lines[N-1]).
inline std::vector<std::string> fileLines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// Every request of a line-per-record file has request_raw equal to its source line.
inline void checkRawIsSourceLine(const store::Database& db, const std::string& path) {
    const auto lines = fileLines(path);
    auto st = db.prepare("SELECT r.line, w.raw FROM request r JOIN request_raw w ON w.request_id = r.id");
    REQUIRE(st.ok());
    int rows = 0;
    while (st->step() == store::StepResult::Row) {
        const int64_t line = st->columnInt(0);
        REQUIRE(line >= 1);
        REQUIRE(static_cast<size_t>(line) <= lines.size());
        CHECK(st->columnText(1) == lines[static_cast<size_t>(line - 1)]);
        ++rows;
    }
    CHECK(rows > 0);
}

// A request column of the row imported from `line` (col is a fixed column name from the test).
inline std::string reqAt(const store::Database& db, const std::string& col, int line) {
    return val(db, "SELECT " + col + " FROM request WHERE line = ?1", {std::to_string(line)});
}

inline std::string contentAt(const store::Database& db, const std::string& col, int line) {
    return val(db, "SELECT c." + col + " FROM request_content c JOIN request r ON r.id = c.request_id WHERE r.line = ?1",
               {std::to_string(line)});
}

inline bool sharedSample(const std::string& relative, std::string& path) {
    if (!sharedSamplesAvailable()) return false;
    path = sharedDir() + "/real-samples/" + relative;
    return true;
}

} // namespace siphon::test::readers
