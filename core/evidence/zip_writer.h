#pragma once
// Deterministic ZIP writing with libarchive: entries in the order added, every mtime the given
// time, mode 0644, uid/gid 0, no owner names, deflate. The same entries and time give the same
// bytes on any machine (the DOS timestamps are computed in UTC; see the .cpp).
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::evidence {

struct ZipEntry {
    std::string path;    // relative, '/'-separated, no "..", made by us (never from log content)
    std::string bytes;
};

// The same ZIP written one entry at a time, an entry's data in as many pieces as the caller likes,
// so an export never holds all its files (or a whole large file) in memory. The bytes are those of
// writeDeterministicZip for the same entries: an entry's size is given up front, as libarchive
// writes it into the headers. Written to OUT.partial; finish() renames it into place, and a stream
// destroyed before finish() succeeded removes it.
class ZipStream {
public:
    ZipStream(std::string outPath, int64_t mtimeUs);
    ~ZipStream();
    ZipStream(const ZipStream&) = delete;
    ZipStream& operator=(const ZipStream&) = delete;

    Status open();
    Status beginEntry(const std::string& path, int64_t size);
    Status write(std::string_view piece);
    Status add(const std::string& path, std::string_view bytes);   // beginEntry + write
    Status finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Written to OUT.partial and renamed when complete; on any failure the partial file is removed and
// the error says why in words ("disk full" for ENOSPC).
Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs);

// errno as the sentence an examiner needs ("disk full", not "Write error"); fallback when err is 0.
std::string writeErrorText(int err, const std::string& fallback);

} // namespace siphon::evidence
