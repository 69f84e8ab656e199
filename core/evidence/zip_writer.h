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

// Written to OUT.partial and renamed when complete; on any failure the partial file is removed and
// the error says why in words ("disk full" for ENOSPC).
Status writeDeterministicZip(const std::string& outPath, const std::vector<ZipEntry>& entries, int64_t mtimeUs);

// errno as the sentence an examiner needs ("disk full", not "Write error"); fallback when err is 0.
std::string writeErrorText(int err, const std::string& fallback);

} // namespace siphon::evidence
