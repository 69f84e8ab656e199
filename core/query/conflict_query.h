#pragma once
// Conflicts: two records with the same record id (request id / event id) but different bytes.
// Both are kept on import (evidence is never dropped); this lists each pair with where each
// record came from, so an examiner can open both originals. Thread: any, with its own Database.
// Errors: Database.
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::query {

struct ConflictSide {
    int64_t requestRowId = 0;
    std::string file;          // display name of the source file
    std::string sourceSha256;
    int64_t line = 0, byteOffset = 0, byteLength = 0;
    int64_t tsUs = 0;
};

struct ConflictRow {
    std::string recordKey;     // the reused id (adversary-written: escape before display)
    ConflictSide first, other; // first: the record kept under the key; other: the differing one
};

// All conflict pairs, ordered by record key then row ids; at most limit (0: no limit).
Result<std::vector<ConflictRow>> loadConflicts(const store::Database& db, size_t limit = 0);

} // namespace siphon::query
