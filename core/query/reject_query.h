#pragma once
// Rejected records of given source files, for the import summary's rejects table.
// Thread: any, with its own Database. Errors: Database.
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::query {

struct RejectRow {
    int64_t id = 0;
    std::string file;       // display name of the source file
    int64_t line = 0, byteOffset = 0;
    std::string reason;
    std::string rawPreview; // first 200 bytes of the record
};

// Rejects of the sources (all sources when sourceIds is empty), in file/offset order, at most limit.
Result<std::vector<RejectRow>> loadRejects(const store::Database& db, const std::vector<int64_t>& sourceIds,
                                           size_t limit = 10000);

} // namespace siphon::query
