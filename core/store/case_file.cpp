#include "store/case_file.h"

#include "store/schema.h"

#include <filesystem>
#include <system_error>
#include <sys/stat.h>
#include <unistd.h>

namespace siphon::store {

namespace {

Error withCode(Error e, ErrorCode code, std::string prefix) {
    e.code = code;
    e.message = std::move(prefix) + e.message;
    return e;
}

} // namespace

Result<Database> openCase(const std::string& path, CaseAccess access, int busyTimeoutMs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (!exists && access != CaseAccess::CreateWrite)
        return makeError(ErrorCode::Io, "case file does not exist", path);
    if (exists && fs::is_directory(path, ec))
        return makeError(ErrorCode::Io, "case path is a directory", path);
    if (access != CaseAccess::Read) {
        // SQLite would open a read-only file and fail only on the first write; say so up front.
        // Also honour a file with no write bits even for root: an examiner who made the case
        // read-only to preserve it must not see it modified.
        struct stat st{};
        if (exists && (::access(path.c_str(), W_OK) != 0 ||
                       (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)))
            return makeError(ErrorCode::ReadOnly, "case file is read-only; open it read-only (e.g. info) or copy it",
                             path);
        const fs::path dir = fs::absolute(path, ec).parent_path();
        if (::access(dir.c_str(), W_OK) != 0)
            return makeError(ErrorCode::ReadOnly, "folder of the case file is not writable (WAL needs it)", path);
    }
    const OpenMode mode = access == CaseAccess::Read         ? OpenMode::ReadOnly
                        : access == CaseAccess::CreateWrite ? OpenMode::ReadWriteCreate
                                                            : OpenMode::ReadWrite;
    auto db = Database::open(path, mode, busyTimeoutMs);
    if (!db) return db.error();

    // A file that is not SQLite fails on the first read; report it as a schema problem.
    if (auto probe = db->queryInt("SELECT count(*) FROM sqlite_schema"); !probe) {
        if (probe.error().code == ErrorCode::Locked)
            return withCode(probe.error(), ErrorCode::Locked, "case is locked by another process: ");
        return withCode(probe.error(), ErrorCode::Schema, "not a Siphon case file: ");
    }
    if (access != CaseAccess::Read) {
        // The largest pages: bulk import appends, and fewer pages mean less work per row for
        // SQLite (measured: 5% of the writer thread against 16 KiB). Only takes effect on a new file.
        if (!exists) (void)db->exec("PRAGMA page_size=65536");
        // migrate() refuses another application's database or a newer schema before it writes;
        // WAL comes after, because switching to it rewrites the file header of whatever this is.
        auto lockAware = [](const Error& e) {
            return e.code == ErrorCode::Locked ? withCode(e, ErrorCode::Locked, "case is locked by another process: ") : e;
        };
        if (Status s = migrate(*db); !s) return lockAware(s.error());
        if (Status s = db->exec("PRAGMA journal_mode=WAL"); !s) return lockAware(s.error());
    } else {
        auto appId = db->queryInt("PRAGMA application_id");
        auto version = db->queryInt("PRAGMA user_version");
        if (!appId || !version) return makeError(ErrorCode::Schema, "not a Siphon case file", path);
        if (*appId != kApplicationId) return makeError(ErrorCode::Schema, "not a Siphon case file", path);
        if (*version > latestSchemaVersion())
            return makeError(ErrorCode::Schema, "case file is from a newer Siphon (schema " +
                                                    std::to_string(*version) + ")", path);
        if (*version < latestSchemaVersion())
            return makeError(ErrorCode::Schema, "case file needs an upgrade; open it for writing once", path);
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
