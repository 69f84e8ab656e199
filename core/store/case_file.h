#pragma once
// A case file (*.siphon): a SQLite database in WAL mode with Siphon's schema.
// Open one writer connection per process that imports/analyses/tags, and any number of readers.
// Each returned Database belongs to the thread that uses it.
#include "store/database.h"

#include <string>

namespace siphon::store {

enum class CaseAccess {
    Write,        // existing case, read-write; migrated to the latest schema
    CreateWrite,  // create if missing, then as Write
    Read,         // read-only; the schema must already be current
};

// Opens the case with Siphon's pragmas (WAL, foreign keys, busy timeout) and checks/migrates the schema.
// Errors: Io (missing), ReadOnly (file or folder not writable), Locked (another writer holds it
// past busyTimeoutMs), Schema (not a Siphon case, or from a newer version).
Result<Database> openCase(const std::string& path, CaseAccess access, int busyTimeoutMs = 5000);

} // namespace siphon::store
