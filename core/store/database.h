#pragma once
// Thin RAII over the SQLite C API. One Database per thread; statements belong to their database.
// Values are always bound, never spliced into SQL text.
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace siphon::store {

// Immutable: read-only, without locks or a write-ahead log (SQLite's immutable=1), for a case on
// read-only media whose -wal is absent or empty, where SQLite cannot create the -shm it needs.
enum class OpenMode { ReadWrite, ReadWriteCreate, ReadOnly, Immutable };

// An SQLite failure as an Error that says the cause an examiner can act on: a full disk, a
// read-only file system, a permission, a damaged file (from the result code and the OS errno).
Error describeSqliteFailure(int rc, int systemErrno, std::string_view sqliteMessage, std::string_view context,
                            const std::string& path);

class Statement;

class Database {
public:
    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (and with ReadWriteCreate creates) the file. busyTimeoutMs bounds waits on locks.
    static Result<Database> open(const std::string& path, OpenMode mode, int busyTimeoutMs = 5000);

    bool isOpen() const { return db_ != nullptr; }
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    Status exec(std::string_view sql);   // one or more statements, no results
    Result<Statement> prepare(std::string_view sql) const;

    // First column of the first row as an integer, or fallback when no row.
    Result<int64_t> queryInt(std::string_view sql, int64_t fallback = 0) const;

    int64_t lastInsertRowId() const;
    int changes() const;
    Error lastError(std::string_view context) const;

    // Asks a running statement on this connection to stop (thread-safe).
    void interrupt();

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

enum class StepResult { Row, Done, Error };

class Statement {
public:
    Statement() = default;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameter indexes are 1-based, as in SQLite.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);   // copied (SQLITE_TRANSIENT)
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, std::string_view bytes);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bindNull(index);
    }
    // Empty text binds as NULL: the readers use "" for "absent".
    Statement& bindTextOrNull(int index, std::string_view text);
    // Binds without copying: the bytes must stay valid until the statement is reset (bulk import).
    Statement& bindStatic(int index, std::string_view text);
    Statement& bindStaticOrNull(int index, std::string_view text) {
        return text.empty() ? bindNull(index) : bindStatic(index, text);
    }
    Statement& bindStaticBlob(int index, std::string_view bytes);

    StepResult step();
    Status run();   // step to completion, expecting no rows
    void reset();   // reset + clear bindings, ready for the next row

    int64_t columnInt(int col) const;
    double columnDouble(int col) const;
    std::string columnText(int col) const;
    std::string_view columnView(int col) const;   // valid until the next step
    bool columnIsNull(int col) const;
    std::optional<int64_t> columnOptInt(int col) const;
    std::optional<double> columnOptDouble(int col) const;
    int columnCount() const;

    std::string errorMessage() const;
    sqlite3_stmt* handle() const { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const Status& began() const { return began_; }
    Status commit();

private:
    Database& db_;
    Status began_;
    bool open_ = false;
};

} // namespace siphon::store
