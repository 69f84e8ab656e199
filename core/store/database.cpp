#include "store/database.h"

#include "store/source_bytes.h"
#include "util/private_file.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <utility>

namespace siphon::store {

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Error describeSqliteFailure(int rc, int systemErrno, std::string_view sqliteMessage, std::string_view context,
                            const std::string& path) {
    const int primary = rc & 0xFF;
    ErrorCode code = primary == SQLITE_BUSY || primary == SQLITE_LOCKED      ? ErrorCode::Locked
                   : primary == SQLITE_READONLY                              ? ErrorCode::ReadOnly
                   : primary == SQLITE_INTERRUPT                             ? ErrorCode::Cancelled
                   : primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT   ? ErrorCode::Schema
                   : primary == SQLITE_FULL || primary == SQLITE_IOERR ||
                           primary == SQLITE_CANTOPEN                        ? ErrorCode::Io
                                                                             : ErrorCode::Database;
    // SQLite says "disk I/O error" or "unable to open database file"; the OS error says why. It
    // is only asked for failures of the file itself (it may be stale for others).
    if (primary != SQLITE_IOERR && primary != SQLITE_CANTOPEN && primary != SQLITE_FULL && primary != SQLITE_READONLY)
        systemErrno = 0;
    std::string cause;
    if (primary == SQLITE_FULL || systemErrno == ENOSPC || systemErrno == EDQUOT) {
        cause = "the disk is full (no space left for the case or its journal)";
        code = ErrorCode::Io;
    } else if (systemErrno == EROFS) {
        cause = "the case is on a read-only file system";
        code = ErrorCode::ReadOnly;
    } else if ((systemErrno == EACCES || systemErrno == EPERM) && primary != SQLITE_BUSY) {
        cause = "permission denied";
    } else if (systemErrno == EFBIG) {
        cause = "the file size limit was reached";
    } else if (primary == SQLITE_CORRUPT) {
        cause = "the case file is damaged (truncated or overwritten)";
    } else if ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && systemErrno != 0) {
        cause = std::strerror(systemErrno);
    }
    std::string message(context);
    if (!message.empty()) message += ": ";
    message += cause.empty() ? std::string(sqliteMessage) : cause + " (" + std::string(sqliteMessage) + ")";
    return makeError(code, std::move(message), path);
}

namespace {
// Before SQLite initialises: no global memory statistics (they take a global mutex on every
// allocation). Each connection is used by one thread at a time (NOMUTEX).
const int kSqliteConfigured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize();
}();
} // namespace

namespace {
// file: URI of a path, with the bytes a URI gives meaning to percent-encoded.
std::string immutableUri(const std::string& path) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + "?immutable=1";
}

// A new case file is created readable by its owner only before SQLite opens it; SQLite then gives
// its -wal and -shm the same mode. An existing file is left as it is.
Status createCaseFilePrivately(const std::string& path) {
    if (path.empty() || path == ":memory:" || ::access(path.c_str(), F_OK) == 0) return {};
    auto made = util::createPrivateFile(path);
    if (!made && ::access(path.c_str(), F_OK) != 0)   // a racing creator made it first: SQLite opens theirs
        return makeError(ErrorCode::Io, "cannot create case: " + made.error().message, path);
    return {};
}
} // namespace

Result<Database> Database::open(const std::string& path, OpenMode mode, int busyTimeoutMs) {
    (void)kSqliteConfigured;
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case OpenMode::Immutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI; break;
    case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    }
    if (mode == OpenMode::ReadWriteCreate)
        if (auto made = createCaseFilePrivately(path); !made) return made.error();
    sqlite3* raw = nullptr;
    const std::string name = mode == OpenMode::Immutable ? immutableUri(path) : path;
    const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    Database db;
    db.db_ = raw;
    db.path_ = path;
    if (rc != SQLITE_OK) {
        const std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return describeSqliteFailure(rc, raw ? sqlite3_system_errno(raw) : 0, msg, "cannot open case", path);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busyTimeoutMs);
    if (registerSourceBytesFunction(raw) != SQLITE_OK)
        return makeError(ErrorCode::Database, std::string("cannot register siphon_source_bytes: ") + sqlite3_errmsg(raw),
                         path);
    return db;
}

Status Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        return describeSqliteFailure(sqlite3_extended_errcode(db_), sqlite3_system_errno(db_), msg, {}, path_);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) const {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt, nullptr);
    if (rc != SQLITE_OK) return lastError("prepare");
    return Statement(stmt);
}

Result<int64_t> Database::queryInt(std::string_view sql, int64_t fallback) const {
    auto st = prepare(sql);
    if (!st) return st.error();
    switch (st->step()) {
    case StepResult::Row: return st->columnIsNull(0) ? fallback : st->columnInt(0);
    case StepResult::Done: return fallback;
    case StepResult::Error: break;
    }
    return lastError("query");
}

int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Error Database::lastError(std::string_view context) const {
    return describeSqliteFailure(sqlite3_extended_errcode(db_), sqlite3_system_errno(db_), sqlite3_errmsg(db_), context,
                                 path_);
}

void Database::interrupt() {
    if (db_) sqlite3_interrupt(db_);
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bindStatic(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bindStaticBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Statement& Statement::bindTextOrNull(int index, std::string_view text) {
    return text.empty() ? bindNull(index) : bind(index, text);
}

StepResult Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return StepResult::Row;
    if (rc == SQLITE_DONE) return StepResult::Done;
    return StepResult::Error;
}

Status Statement::run() {
    StepResult r;
    while ((r = step()) == StepResult::Row) {
    }
    if (r == StepResult::Error) {
        sqlite3* db = sqlite3_db_handle(stmt_);
        Error e = describeSqliteFailure(sqlite3_extended_errcode(db), sqlite3_system_errno(db), sqlite3_errmsg(db), {}, {});
        sqlite3_reset(stmt_);
        return e;
    }
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int64_t Statement::columnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::columnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::columnText(int col) const { return std::string(columnView(col)); }

std::string_view Statement::columnView(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
}

bool Statement::columnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::optional<int64_t> Statement::columnOptInt(int col) const {
    if (columnIsNull(col)) return std::nullopt;
    return columnInt(col);
}

std::optional<double> Statement::columnOptDouble(int col) const {
    if (columnIsNull(col)) return std::nullopt;
    return columnDouble(col);
}

int Statement::columnCount() const { return sqlite3_column_count(stmt_); }

std::string Statement::errorMessage() const { return sqlite3_errmsg(sqlite3_db_handle(stmt_)); }

Transaction::Transaction(Database& db) : db_(db) {
    began_ = db_.exec("BEGIN IMMEDIATE");
    open_ = began_.ok();
}

Transaction::~Transaction() {
    if (open_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    if (!open_) return began_.ok() ? makeError(ErrorCode::Usage, "transaction already finished") : began_.error();
    Status s = db_.exec("COMMIT");
    if (s) open_ = false;
    return s;
}

} // namespace siphon::store
