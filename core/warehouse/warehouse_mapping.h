#pragma once
// WarehouseMapping: which column of a warehouse table feeds each field the feature SQL reads, and
// how its timestamp is stored. The default is the generic narrow CSV's column names (the ones
// `siphon-cli generate` and bench-scale write); a mapping file overrides them:
//   {"columns": {"timestamp": "ts_ms", "account_id": "org"}, "timestamp_unit": "ms"}
// Column and table names are identifiers checked against [A-Za-z_][A-Za-z0-9_]* (a table may be
// schema.table): they are quoted into SQL, so anything else is refused rather than escaped.
#include "store/entity_level.h"
#include "util/result.h"

#include <array>
#include <string>
#include <string_view>

namespace siphon::warehouse {

enum class WField {
    Timestamp, Account, Project, ApiKey, User, SourceIp, UserAgent, Model, Endpoint, InputTokens, OutputTokens,
    CachedTokens, Status, Prompt, Count_
};
constexpr size_t kWFieldCount = static_cast<size_t>(WField::Count_);

// How the timestamp column is stored: integer seconds/milliseconds/microseconds since the Unix
// epoch, or the engine's own timestamp type (ClickHouse 18.16's DateTime has whole seconds).
enum class TimeUnit { Native, Seconds, Millis, Micros };

std::string_view wfieldName(WField f);   // the name a mapping file uses ("timestamp", "account_id", ...)

struct WarehouseMapping {
    std::array<std::string, kWFieldCount> column;   // empty = not in the table
    TimeUnit timeUnit = TimeUnit::Native;

    const std::string& operator[](WField f) const { return column[static_cast<size_t>(f)]; }
    bool has(WField f) const { return !column[static_cast<size_t>(f)].empty(); }

    // The generic narrow columns (request_id, timestamp, account_id, ..., status), native time.
    static WarehouseMapping narrowDefault();
    // A case's own `request` table (org_id, ts_start_us, ...): the sqlite dialect run on a case.
    static WarehouseMapping caseRequests();
    // narrowDefault() overridden by the file's entries; unknown fields and bad names are errors.
    static Result<WarehouseMapping> load(const std::string& path);
    std::string toJson() const;   // canonical, for provenance
};

// The mapped field holding a level's entity (account -> account_id, ..., ip -> source_ip).
WField levelField(EntityLevel level);

bool isIdentifier(std::string_view name);        // [A-Za-z_][A-Za-z0-9_]*
bool isTableName(std::string_view name);         // identifier, optionally schema.identifier

} // namespace siphon::warehouse
