#pragma once
// Reads a ZIP's own records (end of central directory, central directory, local headers) without
// libarchive, to judge each entry as an extractor will see it. unzip and Python's zipfile take
// names and types from the central directory; streaming extractors take them from the local
// headers; both must agree, and nothing may hide between, before or after the records.
// Refused (a sentence in ZipStructure::problem): data before the first entry, between entries
// or after the end of central directory; an archive comment; entries that overlap; a local header
// whose name, flags, method, CRC or sizes differ from the central directory (data descriptors
// included); encrypted entries; compression other than stored/deflate; the Info-ZIP Unicode path
// field (extractors would use that name instead); a non-ASCII name without the UTF-8 flag; Unix
// modes other than a regular file or directory, or with setuid/setgid/sticky bits; a directory
// type (Unix or DOS attribute) on a name without a trailing '/', or the reverse.
#include "util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ZipCentralEntry {
    std::string name;
    bool directory = false;     // name ends with '/' (how unzip and zipfile decide)
    uint64_t uncompressedSize = 0;
};

struct ZipStructure {
    std::vector<ZipCentralEntry> entries;   // central directory order, names as stored (raw bytes)
    // What the archive and its entries claim to be (end records, counts, names, types, flags):
    // judged before any data is read. Empty when acceptable.
    std::string problem;
    // Whether the local headers agree with the central directory and tile the file: judged after
    // the data was streamed, so a size lie is reported by the streaming pass's bomb checks first.
    std::string layoutProblem;
};

// Io error only when the file cannot be read; a malformed archive is a problem in the result.
Result<ZipStructure> readZipStructure(const std::string& zipPath, uint64_t maxEntries);

} // namespace siphon::evidence
