#include "ingest/byte_source.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace siphon::ingest {

struct ByteSource::Impl {
    archive* ar = nullptr;
    int fd = -1;
    std::vector<char> block = std::vector<char>(1 << 20);
    uint64_t storedRead = 0;
    bool eof = false;

    ~Impl() {
        if (ar) archive_read_free(ar);
        if (fd >= 0) ::close(fd);
    }

    static la_ssize_t readCallback(archive*, void* self, const void** buffer) {
        auto* d = static_cast<Impl*>(self);
        const ssize_t n = ::read(d->fd, d->block.data(), d->block.size());
        if (n < 0) return -1;
        d->storedRead += static_cast<uint64_t>(n);
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
    d.ar = archive_read_new();
    archive_read_support_filter_all(d.ar);
    archive_read_support_format_raw(d.ar);
    if (archive_read_open(d.ar, &d, nullptr, &Impl::readCallback, nullptr) != ARCHIVE_OK)
        return makeError(ErrorCode::Io, std::string("cannot read input: ") + archive_error_string(d.ar), path);
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(d.ar, &entry);
    if (rc == ARCHIVE_EOF) {
        d.eof = true;   // empty file
    } else if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        return makeError(ErrorCode::Corrupt, std::string("cannot read input: ") + archive_error_string(d.ar), path, -1,
                         0);
    }
    return src;
}

Result<size_t> ByteSource::read(char* buffer, size_t capacity) {
    if (d_->eof) return size_t{0};
    const la_ssize_t n = archive_read_data(d_->ar, buffer, capacity);
    if (n < 0) {
        const char* msg = archive_error_string(d_->ar);
        return makeError(ErrorCode::Corrupt,
                         std::string("damaged or truncated ") + compression() + " input: " + (msg ? msg : "read error"),
                         path_, -1, static_cast<long long>(offset_));
    }
    if (n == 0) d_->eof = true;
    offset_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
}

std::string ByteSource::compression() const {
    const int count = archive_filter_count(d_->ar);
    if (count <= 1) return "none";
    const char* name = archive_filter_name(d_->ar, 0);
    return name ? name : "unknown";
}

uint64_t ByteSource::storedBytesRead() const { return d_->storedRead; }

} // namespace siphon::ingest
