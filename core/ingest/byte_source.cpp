#include "ingest/byte_source.h"

#include "util/hash.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace siphon::ingest {

namespace {
enum class Codec { Plain, Gzip, Archive };
constexpr size_t kBlock = 1 << 20;

ByteSource::StoredReadHook& storedReadHook() {
    static ByteSource::StoredReadHook hook;
    return hook;
}

// The identity of the file behind a descriptor or path, to see it changed or was replaced.
struct FileStamp {
    uint64_t device = 0, inode = 0, size = 0;
    int64_t mtimeNs = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp stampOf(const struct stat& st) {
    return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_size),
            static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}
} // namespace

// Plain files are read directly; gzip through zlib (so every byte before damage is delivered);
// zstd, bzip2 and xz through libarchive's raw format.
struct ByteSource::Impl {
    Codec codec = Codec::Plain;
    int fd = -1;
    std::vector<unsigned char> block = std::vector<unsigned char>(kBlock);
    uint64_t storedRead = 0;
    bool eof = false;
    bool inputEof = false;
    // gzip
    z_stream zs{};
    bool zInit = false;
    bool memberEnded = false;
    // libarchive
    archive* ar = nullptr;
    std::string codecName = "none";
    // Evidence: what was read, and the file as it was when opened.
    std::string path;
    uint64_t sizeAtOpen = 0;
    FileStamp atOpen;
    Sha256 sha;

    ~Impl() {
        if (zInit) inflateEnd(&zs);
        if (ar) archive_read_free(ar);
        if (fd >= 0) ::close(fd);
    }

    // Never past the size at open: a file that grows during the import is read as it was.
    ssize_t readStored(void* dst, size_t n) {
        n = static_cast<size_t>(std::min<uint64_t>(n, sizeAtOpen - storedRead));
        if (n == 0) return 0;
        const ssize_t r = ::read(fd, dst, n);
        if (r > 0) {
            sha.update(dst, static_cast<size_t>(r));
            storedRead += static_cast<uint64_t>(r);
            if (storedReadHook()) storedReadHook()(path, storedRead);
        }
        return r;
    }

    static la_ssize_t archiveRead(archive*, void* self, const void** buffer) {
        auto* d = static_cast<Impl*>(self);
        const ssize_t n = d->readStored(d->block.data(), d->block.size());
        if (n < 0) return -1;
        *buffer = d->block.data();
        return n;
    }
};

ByteSource::~ByteSource() = default;

Result<std::unique_ptr<ByteSource>> ByteSource::open(const std::string& path) {
    std::unique_ptr<ByteSource> src(new ByteSource);
    src->path_ = path;
    src->d_ = std::make_unique<Impl>();
    Impl& d = *src->d_;
    d.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (d.fd < 0) return makeError(ErrorCode::Io, std::string("cannot open input: ") + std::strerror(errno), path);
    struct stat st{};
    if (::fstat(d.fd, &st) != 0 || !S_ISREG(st.st_mode))
        return makeError(ErrorCode::Io, "input is not a regular file", path);
    src->size_ = static_cast<uint64_t>(st.st_size);
    if (src->size_ == 0) return makeError(ErrorCode::Format, "input is empty", path);
    d.path = path;
    d.sizeAtOpen = src->size_;
    d.atOpen = stampOf(st);

    unsigned char magic[6] = {};
    const ssize_t got = ::pread(d.fd, magic, sizeof magic, 0);
    if (got < 0) return makeError(ErrorCode::Io, std::string("cannot read input: ") + std::strerror(errno), path);
    if (got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B) {
        d.codec = Codec::Gzip;
        d.codecName = "gzip";
        if (inflateInit2(&d.zs, 16 + MAX_WBITS) != Z_OK) return makeError(ErrorCode::Io, "zlib init failed", path);
        d.zInit = true;
        return src;
    }
    const bool zstd = got >= 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD;
    const bool bzip2 = got >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h';
    const bool xz = got >= 6 && std::memcmp(magic, "\xFD" "7zXZ\0", 6) == 0;
    if (!zstd && !bzip2 && !xz) return src;   // plain

    d.codec = Codec::Archive;
    d.codecName = zstd ? "zstd" : bzip2 ? "bzip2" : "xz";
    d.ar = archive_read_new();
    archive_read_support_filter_all(d.ar);
    archive_read_support_format_raw(d.ar);
    if (archive_read_open(d.ar, &d, nullptr, &Impl::archiveRead, nullptr) != ARCHIVE_OK)
        return makeError(ErrorCode::Corrupt, std::string("cannot read ") + d.codecName + " input: " +
                                                 archive_error_string(d.ar), path, -1, 0);
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(d.ar, &entry);
    if (rc == ARCHIVE_EOF) d.eof = true;
    else if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
        return makeError(ErrorCode::Corrupt, std::string("cannot read ") + d.codecName + " input: " +
                                                 archive_error_string(d.ar), path, -1, 0);
    return src;
}

Result<size_t> ByteSource::read(char* buffer, size_t capacity) {
    Impl& d = *d_;
    if (d.eof) return size_t{0};
    auto damaged = [&](const std::string& what) {
        return makeError(ErrorCode::Corrupt, "damaged or truncated " + d.codecName + " input: " + what, path_, -1,
                         static_cast<long long>(offset_));
    };
    size_t produced = 0;
    switch (d.codec) {
    case Codec::Plain: {
        const ssize_t n = d.readStored(buffer, capacity);
        if (n < 0) return makeError(ErrorCode::Io, std::string("read error: ") + std::strerror(errno), path_, -1,
                                    static_cast<long long>(offset_));
        produced = static_cast<size_t>(n);
        if (n == 0) d.eof = true;
        break;
    }
    case Codec::Gzip: {
        d.zs.next_out = reinterpret_cast<Bytef*>(buffer);
        d.zs.avail_out = static_cast<uInt>(capacity);
        while (d.zs.avail_out > 0) {
            if (d.zs.avail_in == 0 && !d.inputEof) {
                const ssize_t n = d.readStored(d.block.data(), d.block.size());
                if (n < 0) return damaged(std::strerror(errno));
                if (n == 0) d.inputEof = true;
                d.zs.next_in = d.block.data();
                d.zs.avail_in = static_cast<uInt>(n);
            }
            if (d.zs.avail_in == 0 && d.inputEof) {
                if (d.memberEnded) {
                    d.eof = true;
                    break;
                }
                // Deliver what was inflated first; report the truncation on the next call.
                produced = capacity - d.zs.avail_out;
                if (produced > 0) break;
                return damaged("the compressed stream ends before its end marker");
            }
            d.memberEnded = false;
            const int rc = inflate(&d.zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                d.memberEnded = true;   // concatenated members follow, or the end
                inflateReset(&d.zs);
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                produced = capacity - d.zs.avail_out;
                if (produced > 0) break;
                return damaged(d.zs.msg ? d.zs.msg : "inflate error");
            }
        }
        produced = capacity - d.zs.avail_out;
        break;
    }
    case Codec::Archive: {
        const la_ssize_t n = archive_read_data(d.ar, buffer, capacity);
        if (n < 0) {
            const char* msg = archive_error_string(d.ar);
            return damaged(msg ? msg : "read error");
        }
        if (n == 0) d.eof = true;
        produced = static_cast<size_t>(n);
        break;
    }
    }
    offset_ += produced;
    return produced;
}

void ByteSource::setStoredReadHookForTesting(StoredReadHook hook) { storedReadHook() = std::move(hook); }

ReadIdentity ByteSource::finish() {
    Impl& d = *d_;
    // A decoder may stop at its end marker with bytes after it (padding, a second stream it does
    // not read): those are part of the file too.
    while (true) {
        const ssize_t n = d.readStored(d.block.data(), d.block.size());
        if (n <= 0) break;
    }
    ReadIdentity id;
    id.sha256 = d.sha.finishHex();
    id.bytes = d.storedRead;
    auto changed = [&](const std::string& what) {
        id.change = makeError(ErrorCode::Io,
                              "the file " + what + " while it was imported: read " + std::to_string(d.storedRead) +
                                  " of the " + std::to_string(d.sizeAtOpen) +
                                  " bytes it had when the import began; the source is INCOMPLETE and its SHA-256 "
                                  "is that of the bytes read. Import it again once it is no longer written to",
                              path_);
    };
    struct stat now{}, named{};
    if (::fstat(d.fd, &now) != 0) changed("could not be checked (" + std::string(std::strerror(errno)) + ")");
    else if (d.storedRead < d.sizeAtOpen || static_cast<uint64_t>(now.st_size) < d.sizeAtOpen) changed("shrank");
    else if (static_cast<uint64_t>(now.st_size) > d.sizeAtOpen) changed("grew");
    else if (!(stampOf(now) == d.atOpen)) changed("was rewritten");
    else if (::stat(d.path.c_str(), &named) != 0 || !(stampOf(named) == d.atOpen)) changed("was replaced or removed");
    return id;
}

std::string ByteSource::compression() const { return d_->codecName; }

uint64_t ByteSource::storedBytesRead() const { return d_->storedRead; }

} // namespace siphon::ingest
