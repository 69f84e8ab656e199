#pragma once
// The case file schema: an ordered list of forward-only migrations, tracked in PRAGMA user_version.
// Each migration runs in one transaction and bumps the version; an error leaves the file as it was.
#include "store/database.h"

#include <string_view>
#include <vector>

namespace siphon::store {

// 'SIPH': marks a SQLite file as a Siphon case (PRAGMA application_id).
constexpr int kApplicationId = 0x53495048;

struct Migration {
    int version;              // user_version after this migration
    std::string_view name;
    std::string_view sql;
    // Optional work SQL cannot do (e.g. encoding blobs), run after `sql` in the same transaction.
    Status (*run)(Database& db) = nullptr;
};

// All migrations, in order. Defined across core/store/migrations/*.cpp, one file per version.
const std::vector<Migration>& migrations();
int latestSchemaVersion();

// Brings db up to `target` (default: latest). Refuses files of another application or newer versions.
Status migrate(Database& db, int target = -1);

} // namespace siphon::store
