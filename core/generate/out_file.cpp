#include "generate/out_file.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdio>

namespace siphon::generate {

namespace {
constexpr size_t kFlushBytes = 1u << 20;
}

OutFile::~OutFile() { (void)close(); }

Status OutFile::open(const std::string& path, bool gzip) {
    path_ = path;
    gzip_ = gzip;
    line_ = 1;
    failed_ = false;
    buffer_.clear();
    buffer_.reserve(kFlushBytes + 65536);
    if (!gzip) {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) return makeError(ErrorCode::Io, "cannot create file", path);
        file_ = f;
    } else {
        archive* a = archive_write_new();
        // Raw gzip stream; "!timestamp" keeps the header free of the wall clock (determinism).
        if (archive_write_add_filter_gzip(a) != ARCHIVE_OK || archive_write_set_format_raw(a) != ARCHIVE_OK ||
            archive_write_set_filter_option(a, "gzip", "timestamp", nullptr) != ARCHIVE_OK ||
            archive_write_set_filter_option(a, "gzip", "compression-level", "4") != ARCHIVE_OK ||
            archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
            std::string msg = archive_error_string(a) ? archive_error_string(a) : "cannot create gzip file";
            archive_write_free(a);
            return makeError(ErrorCode::Io, msg, path);
        }
        archive_entry* e = archive_entry_new();
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_pathname(e, "data");
        const int rc = archive_write_header(a, e);
        archive_entry_free(e);
        if (rc != ARCHIVE_OK) {
            archive_write_free(a);
            return makeError(ErrorCode::Io, "cannot start gzip stream", path);
        }
        archive_ = a;
    }
    open_ = true;
    return {};
}

void OutFile::write(std::string_view bytes) {
    line_ += std::count(bytes.begin(), bytes.end(), '\n');
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushBytes) (void)flush();
}

Status OutFile::flush() {
    if (buffer_.empty()) return {};
    if (file_) {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), static_cast<std::FILE*>(file_)) != buffer_.size())
            failed_ = true;
    } else if (archive_) {
        if (archive_write_data(static_cast<archive*>(archive_), buffer_.data(), buffer_.size()) < 0) failed_ = true;
    }
    buffer_.clear();
    return failed_ ? Status(makeError(ErrorCode::Io, "write failed (disk full?)", path_)) : Status();
}

Status OutFile::close() {
    if (!open_) return {};
    Status s = flush();
    if (file_) {
        if (std::fclose(static_cast<std::FILE*>(file_)) != 0) failed_ = true;
        file_ = nullptr;
    }
    if (archive_) {
        archive* a = static_cast<archive*>(archive_);
        if (archive_write_close(a) != ARCHIVE_OK) failed_ = true;
        archive_write_free(a);
        archive_ = nullptr;
    }
    open_ = false;
    if (failed_) return makeError(ErrorCode::Io, "write failed (disk full?)", path_);
    return s;
}

} // namespace siphon::generate
