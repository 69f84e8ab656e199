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

// The bundle's file, written through our own callback. A failed write is remembered, not reported
// to libarchive: after a fatal write libarchive's ZIP writer never ends its deflate stream (a leak),
// so it is kept in a normal state, the rest of the bytes are dropped, and the first error decides.
class BundleFileSink {
public:
    explicit BundleFileSink(const std::string& path) : fd_(::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC)) {
        if (fd_ < 0) error_ = errno;
    }
    ~BundleFileSink() {
        if (fd_ >= 0) ::close(fd_);
    }
    BundleFileSink(const BundleFileSink&) = delete;
    BundleFileSink& operator=(const BundleFileSink&) = delete;

    int error() const { return error_; }
    static la_ssize_t write(archive*, void* self, const void* buf, size_t n) {
        static_cast<BundleFileSink*>(self)->writeAll(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
    }
    // Flushes the file to the disk and closes it; the first error of the whole write, or 0.
    int finish() {
        if (error_ == 0 && ::fsync(fd_) != 0) error_ = errno;
        if (::close(fd_) != 0 && error_ == 0) error_ = errno;
        fd_ = -1;
        return error_;
    }

private:
    void writeAll(const char* p, size_t n) {
        while (error_ == 0 && n > 0) {
            const ssize_t w = ::write(fd_, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) error_ = w < 0 ? errno : EIO;
            else p += w, n -= static_cast<size_t>(w);
        }
    }

    int fd_;
    int error_ = 0;
};

} // namespace

std::string writeErrorText(int err, const std::string& fallback) {
    if (err == ENOSPC) return "disk full";
    if (err == EDQUOT) return "disk quota exceeded";
    if (err == EFBIG) return "file too large for this file system or limit";
    return err != 0 ? std::string(std::strerror(err)) : fallback;
}

namespace {

Error archiveError(archive* a, const std::string& what, const std::string& outPath) {
    const char* text = archive_error_string(a);
    return makeError(ErrorCode::Io, what + ": " + writeErrorText(archive_errno(a), text ? text : "?"), outPath);
}

Error fileError(const BundleFileSink& file, const std::string& what, const std::string& outPath) {
    return makeError(ErrorCode::Io, what + ": " + writeErrorText(file.error(), "write failed"), outPath);
}

// One regular file, owned by root, 0644, at the export time: nothing of the examiner's machine.
Status writeEntry(archive* a, const BundleFileSink& file, const ZipEntry& z, time_t secs, const std::string& outPath) {
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), z.path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(z.bytes.size()));
    archive_entry_set_mtime(e.get(), secs, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (archive_write_header(a, e.get()) != ARCHIVE_OK) return archiveError(a, "writing entry " + z.path, outPath);
    if (!z.bytes.empty() && archive_write_data(a, z.bytes.data(), z.bytes.size()) != static_cast<la_ssize_t>(z.bytes.size()))
        return archiveError(a, "writing data of " + z.path, outPath);
    if (file.error() != 0) return fileError(file, "writing entry " + z.path, outPath);
    return {};
}

} // namespace

Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs) {
    UtcZone utc;
    // Written under a temporary name and renamed when complete, so a crash or kill mid-export never
    // leaves a partial ZIP under the bundle's name.
    PartialFile partialFile(outPath + ".partial");
    const std::string& partial = partialFile.path();
    if (auto made = util::recreatePrivateFile(partial); !made)   // owner-only: it holds the adversary's prompts
        return makeError(ErrorCode::Io, "cannot create bundle: " + made.error().message, outPath);
    BundleFileSink file(partial);   // declared first: the archive writes into it until it is freed
    if (file.error() != 0) return fileError(file, "cannot create bundle", outPath);
    std::unique_ptr<archive, ArchiveDeleter> a(archive_write_new());
    if (!a) return makeError(ErrorCode::Io, "libarchive: out of memory");
    if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) return archiveError(a.get(), "zip format", outPath);
    archive_write_zip_set_compression_deflate(a.get());
    // A callback is not a regular file to libarchive: without this it pads the end to 10 KiB of zeros.
    archive_write_set_bytes_in_last_block(a.get(), 1);
    if (archive_write_open(a.get(), &file, nullptr, &BundleFileSink::write, nullptr) != ARCHIVE_OK)
        return archiveError(a.get(), "cannot create bundle", outPath);
    const time_t secs = static_cast<time_t>(mtimeUs / 1'000'000);
    for (const ZipEntry& z : entries)
        if (Status s = writeEntry(a.get(), file, z, secs, outPath); !s) return s;
    if (archive_write_close(a.get()) != ARCHIVE_OK) return archiveError(a.get(), "finishing bundle", outPath);
    if (file.finish() != 0) return fileError(file, "finishing bundle", outPath);
    if (std::rename(partial.c_str(), outPath.c_str()) != 0)
        return makeError(ErrorCode::Io, "cannot move the finished bundle into place: " + writeErrorText(errno, "rename failed"),
                         outPath);
    partialFile.keep();
    return {};
}

} // namespace siphon::evidence
