#pragma once
// The requests of a selection (entities of one level, a time range, a full-text search over
// prompts), as a row -> request id index in (ts_start_us, id) order plus pages of rows fetched
// by id, and the full detail of one request with the exact original source record.
// Thread: any, with a Database owned by that thread; Database::interrupt() from another thread
// stops a running index query (Error with code Database). Errors: Database, Usage.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace siphon::query {

struct RequestFilter {
    EntityLevel level = EntityLevel::Account;
    std::vector<std::string> entities;        // empty = every request
    std::optional<int64_t> fromUs, toUs;      // half-open [from, to)
    std::string search;                       // words searched in prompts (needs the prompt index)
    size_t maxRows = 5'000'000;               // the index is truncated beyond this
};

struct RequestIndex {
    std::vector<int64_t> ids;
    bool truncated = false;
};

Result<RequestIndex> loadRequestIndex(const store::Database& db, const RequestFilter& filter);

struct RequestRow {
    int64_t id = 0;
    int64_t tsUs = 0;
    std::string account, key, user, ip, model, endpoint;
    std::optional<int64_t> inputTokens, outputTokens, statusCode;
    std::optional<double> latencyMs;
    std::string promptPreview;                // first 160 bytes of the prompt, may be empty
};

// Rows for ids, in the order of ids; unknown ids are skipped.
Result<std::vector<RequestRow>> loadRequestRows(const store::Database& db, const std::vector<int64_t>& ids);

struct RequestDetail {
    int64_t id = 0;
    std::vector<std::pair<std::string, std::string>> fields;   // every request column, as text
    std::optional<std::string> prompt, response;
    std::string raw;                                            // the exact original record bytes
    std::string sourcePath, sourceSha256, sourceFormat;
    int64_t line = 0, byteOffset = 0, byteLength = 0;
};

// nullopt when the request does not exist.
Result<std::optional<RequestDetail>> loadRequestDetail(const store::Database& db, int64_t requestId);

// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word becomes
// a quoted phrase (a trailing * keeps prefix search); words are ANDed. Empty for blank input.
std::string ftsQueryFromUserText(const std::string& text);

} // namespace siphon::query
