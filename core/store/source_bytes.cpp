#include "store/source_bytes.h"

#include "store/block_codec.h"

#include <sqlite3.h>

#include <algorithm>

namespace siphon::store {

namespace {
// Never more than this many bytes through the SQL function (a record is capped far below).
constexpr int64_t kMaxRead = int64_t(1) << 30;

// A statement prepared and finalised per cache miss: a statement kept by the function would keep
// its connection from ever closing (sqlite3_close_v2 waits for every statement).
struct OwnedStatement {
    sqlite3_stmt* st = nullptr;
    ~OwnedStatement() { sqlite3_finalize(st); }
};
} // namespace

Status SourceBytesReader::load(sqlite3* db, int64_t sourceId, int64_t offset, bool& found) {
    found = false;
    OwnedStatement q;
    if (sqlite3_prepare_v2(db,
                           "SELECT start_offset, raw_length, codec, data FROM source_block"
                           " WHERE source_file_id = ?1 AND start_offset <= ?2 ORDER BY start_offset DESC LIMIT 1",
                           -1, &q.st, nullptr) != SQLITE_OK)
        return makeError(ErrorCode::Database, std::string("source blocks: ") + sqlite3_errmsg(db));
    sqlite3_bind_int64(q.st, 1, sourceId);
    sqlite3_bind_int64(q.st, 2, offset);
    const int rc = sqlite3_step(q.st);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return makeError(ErrorCode::Database, std::string("source blocks: ") + sqlite3_errmsg(db));
    const int64_t start = sqlite3_column_int64(q.st, 0);
    const int64_t length = sqlite3_column_int64(q.st, 1);
    if (offset >= start + length) return {};
    const auto* codec = reinterpret_cast<const char*>(sqlite3_column_text(q.st, 2));
    const auto* data = static_cast<const char*>(sqlite3_column_blob(q.st, 3));
    const int size = sqlite3_column_bytes(q.st, 3);
    cachedSource_ = -1;
    if (Status s = decompressBlock(codec ? codec : "", std::string_view(data ? data : "", static_cast<size_t>(size)),
                                   length, cached_);
        !s) {
        Error e = s.error();
        e.message += " (source file " + std::to_string(sourceId) + ", block at offset " + std::to_string(start) + ")";
        return e;
    }
    cachedSource_ = sourceId;
    cachedStart_ = start;
    found = true;
    return {};
}

Result<std::optional<std::string>> SourceBytesReader::read(sqlite3* db, int64_t sourceId, int64_t offset,
                                                           int64_t length) {
    if (offset < 0 || length < 0 || length > kMaxRead) return std::optional<std::string>{};
    std::string out;
    out.reserve(static_cast<size_t>(length));
    int64_t at = offset;
    const int64_t end = offset + length;
    while (at < end) {
        const int64_t cachedEnd = cachedStart_ + static_cast<int64_t>(cached_.size());
        if (cachedSource_ != sourceId || at < cachedStart_ || at >= cachedEnd) {
            bool found = false;
            if (Status s = load(db, sourceId, at, found); !s) return s.error();
            if (!found) return std::optional<std::string>{};
            continue;
        }
        const int64_t take = std::min(end, cachedEnd) - at;
        out.append(cached_, static_cast<size_t>(at - cachedStart_), static_cast<size_t>(take));
        at += take;
    }
    return std::optional<std::string>{std::move(out)};
}

namespace {
void sourceBytesFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
    for (int i = 0; i < 3; ++i)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return;   // NULL in, NULL out
    auto* reader = static_cast<SourceBytesReader*>(sqlite3_user_data(ctx));
    auto r = reader->read(sqlite3_context_db_handle(ctx), sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
                          sqlite3_value_int64(argv[2]));
    if (!r) {
        sqlite3_result_error(ctx, r.error().message.c_str(), -1);
        return;
    }
    if (!*r) return;
    const std::string& bytes = **r;
    sqlite3_result_blob64(ctx, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void destroyReader(void* p) { delete static_cast<SourceBytesReader*>(p); }
} // namespace

int registerSourceBytesFunction(sqlite3* db) {
    // SQLite owns the reader from here, and destroys it even when the call fails.
    // INNOCUOUS: it only reads, so views may use it even with trusted_schema off.
    return sqlite3_create_function_v2(db, "siphon_source_bytes", 3, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                      new SourceBytesReader, sourceBytesFunction, nullptr, nullptr, destroyReader);
}

} // namespace siphon::store
