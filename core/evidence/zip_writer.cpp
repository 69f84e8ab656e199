#include "evidence/zip_writer.h"
#include "util/private_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>
#include <ctime>
#include <memory>

namespace siphon::evidence {

namespace {

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// libarchive derives the ZIP's DOS date/time from localtime(); pin the zone to UTC while writing
// so the bytes do not depend on the examiner's TZ. Restored afterwards.
class UtcZone {
public:
    UtcZone() {
        if (const char* tz = std::getenv("TZ")) old_ = tz, had_ = true;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    ~UtcZone() {
        if (had_) ::setenv("TZ", old_.c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }
    UtcZone(const UtcZone&) = delete;
    UtcZone& operator=(const UtcZone&) = delete;

private:
    std::string old_;
    bool had_ = false;
};

// Removes the working file unless the finished bundle was moved into place: a failed export
// (full disk, a write error, a bad entry) leaves nothing behind under either name.
class PartialFile {
public:
    explicit PartialFile(std::string path) : path_(std::move(path)) {}
    ~PartialFile() {
        if (!kept_) std::remove(path_.c_str());
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const std::string& path() const { return path_; }
    void keep() { kept_ = true; }

private:
    std::string path_;
    bool kept_ = false;
};

} // namespace

std::string writeErrorText(int err, const std::string& fallback) {
    if (err == ENOSPC) return "disk full";
    if (err == EDQUOT) return "disk quota exceeded";
    if (err == EFBIG) return "file too large for this file system or limit";
    return err != 0 ? std::string(std::strerror(err)) : fallback;
}

Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs) {
    UtcZone utc;
    std::unique_ptr<archive, ArchiveDeleter> a(archive_write_new());
    if (!a) return makeError(ErrorCode::Io, "libarchive: out of memory");
    auto fail = [&](const std::string& what) {
        const char* text = archive_error_string(a.get());
        return makeError(ErrorCode::Io, what + ": " + writeErrorText(archive_errno(a.get()), text ? text : "?"), outPath);
    };
    if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) return fail("zip format");
    archive_write_zip_set_compression_deflate(a.get());
    // Written under a temporary name and renamed when complete, so a crash or kill mid-export never
    // leaves a partial ZIP under the bundle's name.
    PartialFile partialFile(outPath + ".partial");
    const std::string& partial = partialFile.path();
    if (auto made = util::recreatePrivateFile(partial); !made)   // owner-only: it holds the adversary's prompts
        return makeError(ErrorCode::Io, "cannot create bundle: " + made.error().message, outPath);
    if (archive_write_open_filename(a.get(), partial.c_str()) != ARCHIVE_OK) return fail("cannot create bundle");
    const time_t secs = static_cast<time_t>(mtimeUs / 1'000'000);
    for (const ZipEntry& z : entries) {
        std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
        archive_entry_set_pathname(e.get(), z.path.c_str());
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(z.bytes.size()));
        archive_entry_set_mtime(e.get(), secs, 0);
        archive_entry_set_uid(e.get(), 0);
        archive_entry_set_gid(e.get(), 0);
        if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return fail("writing entry " + z.path);
        if (!z.bytes.empty() &&
            archive_write_data(a.get(), z.bytes.data(), z.bytes.size()) != static_cast<la_ssize_t>(z.bytes.size()))
            return fail("writing data of " + z.path);
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK) return fail("finishing bundle");
    if (const int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        const int rc = ::fsync(fd);
        const int err = errno;
        ::close(fd);
        if (rc != 0) return makeError(ErrorCode::Io, "finishing bundle: " + writeErrorText(err, "fsync failed"), outPath);
    }
    if (std::rename(partial.c_str(), outPath.c_str()) != 0)
        return makeError(ErrorCode::Io, "cannot move the finished bundle into place: " + writeErrorText(errno, "rename failed"),
                         outPath);
    partialFile.keep();
    return {};
}

} // namespace siphon::evidence
