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
Status writeHeader(archive* a, const std::string& path, int64_t size, time_t secs, const std::string& outPath) {
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(e.get(), secs, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (archive_write_header(a, e.get()) != ARCHIVE_OK) return archiveError(a, "writing entry " + path, outPath);
    return {};
}

} // namespace

struct ZipStream::Impl {
    Impl(std::string out, int64_t mtimeUs)
        : outPath(std::move(out)), partialFile(outPath + ".partial"), secs(static_cast<time_t>(mtimeUs / 1'000'000)) {}

    // An entry given fewer bytes than its declared size would leave a ZIP that lies about it.
    Status checkEntryComplete() const {
        if (remaining == 0) return {};
        return makeError(ErrorCode::Usage, "entry " + entryPath + " is " + std::to_string(remaining) +
                                                  " bytes short of its declared size", outPath);
    }

    std::string outPath;
    PartialFile partialFile;
    time_t secs;
    std::unique_ptr<BundleFileSink> file;   // declared before the archive: written into until the archive is freed
    std::unique_ptr<archive, ArchiveDeleter> a;
    std::string entryPath;
    int64_t remaining = 0;
};

ZipStream::ZipStream(std::string outPath, int64_t mtimeUs) : impl_(std::make_unique<Impl>(std::move(outPath), mtimeUs)) {}
ZipStream::~ZipStream() = default;

Status ZipStream::open() {
    Impl& z = *impl_;
    const std::string& partial = z.partialFile.path();
    if (auto made = util::recreatePrivateFile(partial); !made)   // owner-only: it holds the adversary's prompts
        return makeError(ErrorCode::Io, "cannot create bundle: " + made.error().message, z.outPath);
    z.file = std::make_unique<BundleFileSink>(partial);
    if (z.file->error() != 0) return fileError(*z.file, "cannot create bundle", z.outPath);
    z.a.reset(archive_write_new());
    if (!z.a) return makeError(ErrorCode::Io, "libarchive: out of memory");
    if (archive_write_set_format_zip(z.a.get()) != ARCHIVE_OK) return archiveError(z.a.get(), "zip format", z.outPath);
    archive_write_zip_set_compression_deflate(z.a.get());
    // A callback is not a regular file to libarchive: without this it pads the end to 10 KiB of zeros.
    archive_write_set_bytes_in_last_block(z.a.get(), 1);
    if (archive_write_open(z.a.get(), z.file.get(), nullptr, &BundleFileSink::write, nullptr) != ARCHIVE_OK)
        return archiveError(z.a.get(), "cannot create bundle", z.outPath);
    return {};
}

Status ZipStream::beginEntry(const std::string& path, int64_t size) {
    Impl& z = *impl_;
    if (Status s = z.checkEntryComplete(); !s) return s;
    UtcZone utc;   // the header's DOS date and time
    if (Status s = writeHeader(z.a.get(), path, size, z.secs, z.outPath); !s) return s;
    z.entryPath = path;
    z.remaining = size;
    return {};
}

Status ZipStream::write(std::string_view piece) {
    Impl& z = *impl_;
    if (static_cast<int64_t>(piece.size()) > z.remaining)
        return makeError(ErrorCode::Usage, "entry " + z.entryPath + " is longer than its declared size", z.outPath);
    if (!piece.empty() && archive_write_data(z.a.get(), piece.data(), piece.size()) != static_cast<la_ssize_t>(piece.size()))
        return archiveError(z.a.get(), "writing data of " + z.entryPath, z.outPath);
    z.remaining -= static_cast<int64_t>(piece.size());
    if (z.file->error() != 0) return fileError(*z.file, "writing entry " + z.entryPath, z.outPath);
    return {};
}

Status ZipStream::add(const std::string& path, std::string_view bytes) {
    if (Status s = beginEntry(path, static_cast<int64_t>(bytes.size())); !s) return s;
    return write(bytes);
}

Status ZipStream::finish() {
    Impl& z = *impl_;
    if (Status s = z.checkEntryComplete(); !s) return s;
    UtcZone utc;   // the central directory's DOS dates and times
    if (archive_write_close(z.a.get()) != ARCHIVE_OK) return archiveError(z.a.get(), "finishing bundle", z.outPath);
    if (z.file->finish() != 0) return fileError(*z.file, "finishing bundle", z.outPath);
    if (std::rename(z.partialFile.path().c_str(), z.outPath.c_str()) != 0)
        return makeError(ErrorCode::Io, "cannot move the finished bundle into place: " + writeErrorText(errno, "rename failed"),
                         z.outPath);
    z.partialFile.keep();
    return {};
}

// Written under a temporary name and renamed when complete, so a crash or kill mid-export never
// leaves a partial ZIP under the bundle's name.
Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs) {
    ZipStream zip(outPath, mtimeUs);
    if (Status s = zip.open(); !s) return s;
    for (const ZipEntry& e : entries)
        if (Status s = zip.add(e.path, e.bytes); !s) return s;
    return zip.finish();
}

} // namespace siphon::evidence
