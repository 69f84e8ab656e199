#pragma once
// Helpers for the integrity tests: copies of a case (with its anchor sidecar), edits made with the
// SQLite C API behind the application's back (as with the sqlite3 shell), file hashes.
#include "evidence_cli_util.h"

#include "util/hash.h"

#include <filesystem>

namespace siphon::test {

inline void copyCase(const std::string& from, const std::string& to) {
    for (const char* suffix : {"", "-wal", ".chain"})
        if (std::filesystem::exists(from + suffix))
            std::filesystem::copy_file(from + suffix, to + suffix, std::filesystem::copy_options::overwrite_existing);
}

// Runs SQL on the case directly, as someone with the sqlite3 shell would.
inline void tamper(const std::string& casePath, const std::string& sql) {
    auto raw = store::Database::open(casePath, store::OpenMode::ReadWrite);
    REQUIRE(raw.ok());
    auto s = raw->exec(sql);
    INFO(sql << ": " << (s.ok() ? std::string() : s.error().describe()));
    REQUIRE(s.ok());
}

inline std::string fileSha256(const std::string& path) { return Sha256::hex(readFile(path)); }

} // namespace siphon::test
