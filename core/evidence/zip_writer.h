#pragma once
// Deterministic ZIP writing with libarchive: entries in the order added, every mtime the given
// time, mode 0644, uid/gid 0, no owner names, deflate. The same entries and time give the same
// bytes on any machine (the DOS timestamps are computed in UTC; see the .cpp).
#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ZipEntry {
    std::string path;    // relative, '/'-separated, no "..", made by us (never from log content)
    std::string bytes;
};

Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs);

} // namespace siphon::evidence
