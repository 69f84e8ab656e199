#include "store/case_file.h"

#include "store/schema.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <sys/stat.h>
#include <unistd.h>

namespace siphon::store {

namespace {

namespace fs = std::filesystem;

Error withCode(Error e, ErrorCode code, std::string prefix) {
    e.code = code;
    e.message = std::move(prefix) + e.message;
    return e;
}

int64_t fileSize(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

// What can be said before SQLite is asked: missing, a folder, unreadable, empty, not writable.
Status checkPath(const std::string& path, CaseAccess access, bool exists) {
    std::error_code ec;
    if (!exists && access != CaseAccess::CreateWrite) return makeError(ErrorCode::Io, "case file does not exist", path);
    if (exists && fs::is_directory(path, ec)) return makeError(ErrorCode::Io, "case path is a directory", path);
    if (!exists) return {};
    if (::access(path.c_str(), R_OK) != 0)
        return makeError(ErrorCode::Io, std::string("cannot read the case file: ") + std::strerror(errno), path);
    // SQLite takes an empty file for an empty database: a case cut to 0 bytes would be opened, and
    // by a writer silently made a new, empty case.
    if (fileSize(path) == 0 && fileSize(path + "-wal") <= 0)
        return makeError(ErrorCode::Schema, "not a Siphon case file: the file is empty (0 bytes; truncated?)", path);
    if (access == CaseAccess::Read) return {};
    // SQLite would open a read-only file and fail only on the first write; say so up front.
    // Also honour a file with no write bits even for root: an examiner who made the case
    // read-only to preserve it must not see it modified.
    struct stat st{};
    if (::access(path.c_str(), W_OK) != 0) {
        const bool roFs = errno == EROFS;
        return makeError(ErrorCode::ReadOnly,
                         roFs ? "case is on a read-only file system; open it read-only (e.g. info) or copy it"
                              : "case file is read-only; open it read-only (e.g. info) or copy it",
                         path);
    }
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
        return makeError(ErrorCode::ReadOnly, "case file is read-only; open it read-only (e.g. info) or copy it", path);
    const fs::path dir = fs::absolute(path, ec).parent_path();
    if (::access(dir.c_str(), W_OK) != 0)
        return makeError(ErrorCode::ReadOnly, "folder of the case file is not writable (WAL needs it)", path);
    return {};
}

// The first read: a file that is not SQLite, or is damaged, or cannot be opened, fails here.
Status probe(Database& db) {
    auto r = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (r) return {};
    const Error& e = r.error();
    if (e.code == ErrorCode::Locked) return withCode(e, ErrorCode::Locked, "case is locked by another process: ");
    if (e.code == ErrorCode::Schema) return withCode(e, ErrorCode::Schema, "not a Siphon case file: ");
    return withCode(e, e.code, "cannot read the case: ");
}

// A reader on read-only media (or in a folder it cannot write): SQLite cannot create the -shm a
// WAL case needs. With no pending -wal there is nothing the main file lacks, and no writer is at
// work (a writer keeps its -wal), so the file is read as immutable.
Result<Database> openReader(const std::string& path, int busyTimeoutMs) {
    auto db = Database::open(path, OpenMode::ReadOnly, busyTimeoutMs);
    if (!db) return db.error();
    Status first = probe(*db);
    if (first) return db;
    if (first.error().code == ErrorCode::Schema || first.error().code == ErrorCode::Locked) return first.error();
    if (fileSize(path + "-wal") > 0)
        return makeError(ErrorCode::ReadOnly,
                         first.error().message + "; the case has changes in its -wal file that cannot be read here "
                         "(a read-only folder or media?): copy the case with its -wal file to writable storage",
                         path);
    if (first.error().code != ErrorCode::Io && first.error().code != ErrorCode::ReadOnly) return first.error();
    auto immutable = Database::open(path, OpenMode::Immutable, busyTimeoutMs);
    if (!immutable) return immutable.error();
    if (Status s = probe(*immutable); !s) return s.error();
    return immutable;
}

Status checkReadableSchema(Database& db, const std::string& path) {
    auto appId = db.queryInt("PRAGMA application_id");
    auto version = db.queryInt("PRAGMA user_version");
    if (!appId || !version) return makeError(ErrorCode::Schema, "not a Siphon case file", path);
    if (*appId != kApplicationId) return makeError(ErrorCode::Schema, "not a Siphon case file", path);
    if (*version > latestSchemaVersion())
        return makeError(ErrorCode::Schema, "case file is from a newer Siphon (schema " + std::to_string(*version) + ")",
                         path);
    if (*version < latestSchemaVersion())
        return makeError(ErrorCode::Schema, "case file needs an upgrade; open it for writing once", path);
    return {};
}

// A case cut short (a copy that stopped, a full disk) still has its header: SQLite opens it and
// fails later, page by page. The header's page count says how long the file must be.
Status checkNotTruncated(Database& db, const std::string& path) {
    if (fileSize(path + "-wal") > 0) return {};   // pages may live in the WAL
    auto pages = db.queryInt("PRAGMA page_count");
    auto pageSize = db.queryInt("PRAGMA page_size");
    if (!pages || !pageSize) return {};
    const int64_t expected = *pages * *pageSize;
    const int64_t actual = fileSize(path);
    if (actual >= 0 && actual < expected)
        return makeError(ErrorCode::Schema,
                         "case file is truncated: " + std::to_string(actual) + " bytes, its header says " +
                             std::to_string(expected) + "; restore it from a copy",
                         path);
    return {};
}

Status prepareWriter(Database& db, bool existed) {
    // The largest pages: bulk import appends, and fewer pages mean less work per row for
    // SQLite (measured: 5% of the writer thread against 16 KiB). Only takes effect on a new file.
    if (!existed) (void)db.exec("PRAGMA page_size=65536");
    // migrate() refuses another application's database or a newer schema before it writes;
    // WAL comes after, because switching to it rewrites the file header of whatever this is.
    auto lockAware = [](const Error& e) {
        return e.code == ErrorCode::Locked ? withCode(e, ErrorCode::Locked, "case is locked by another process: ") : e;
    };
    if (Status s = migrate(db); !s) return lockAware(s.error());
    if (Status s = db.exec("PRAGMA journal_mode=WAL"); !s) return lockAware(s.error());
    return {};
}

} // namespace

Result<Database> openCase(const std::string& path, CaseAccess access, int busyTimeoutMs) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (Status s = checkPath(path, access, exists); !s) {
        // "Read-only" only for a case that can be read: a read-only file that is no case (or is
        // damaged) says that instead, so no caller goes on to read it (the GUI did, and waited).
        if (s.error().code == ErrorCode::ReadOnly && access != CaseAccess::Read) {
            auto reader = openCase(path, CaseAccess::Read, busyTimeoutMs);
            if (!reader && reader.error().message.find("needs an upgrade") != std::string::npos)
                return makeError(ErrorCode::ReadOnly, s.error().message + "; it is from an older Siphon and needs an "
                                                                          "upgrade, which writes it",
                                 path);
            if (!reader) return reader.error();
        }
        return s.error();
    }
    const OpenMode mode = access == CaseAccess::CreateWrite ? OpenMode::ReadWriteCreate : OpenMode::ReadWrite;
    auto db = access == CaseAccess::Read ? openReader(path, busyTimeoutMs) : Database::open(path, mode, busyTimeoutMs);
    if (!db) return db.error();
    if (access != CaseAccess::Read) {
        if (Status s = probe(*db); !s) return s.error();
    }
    if (exists)
        if (Status s = checkNotTruncated(*db, path); !s) return s.error();
    if (access != CaseAccess::Read) {
        if (Status s = prepareWriter(*db, exists); !s) return s.error();
    } else if (Status s = checkReadableSchema(*db, path); !s) {
        return s.error();
    }
    // NORMAL is durable at each checkpoint and never corrupts in WAL mode; a crash loses at most
    // the last uncommitted batch, which the import resumes. Reads through a memory map: analysis
    // reads every request row in entity order, and pread() copies cost it a third of its time.
    if (Status s = db->exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
                            "PRAGMA cache_size=-65536; PRAGMA mmap_size=4294967296;");
        !s)
        return s.error();
    return db;
}

} // namespace siphon::store
