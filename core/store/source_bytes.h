#pragma once
// Reads back the bytes of an input file as the case stores them: in `source_block` rows, each a
// compressed run of the file's (decompressed) stream. A record is (source file, offset, length);
// its bytes may span blocks. The same reader backs the SQL function
//   siphon_source_bytes(source_file_id, offset, length) -> BLOB (NULL when not stored)
// that the `request_raw` and `request_content` views use, registered on every connection.
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;

namespace siphon::store {

class SourceBytesReader {
public:
    // nullopt when some byte of the range is in no stored block; an error when a block is damaged.
    Result<std::optional<std::string>> read(sqlite3* db, int64_t sourceId, int64_t offset, int64_t length);

private:
    Status load(sqlite3* db, int64_t sourceId, int64_t offset, bool& found);

    // The last block read, decompressed: scans read records in file order, so most hit it.
    int64_t cachedSource_ = -1;
    int64_t cachedStart_ = 0;
    std::string cached_;
};

// Registers siphon_source_bytes() on a connection (done by Database::open).
int registerSourceBytesFunction(sqlite3* db);

} // namespace siphon::store
