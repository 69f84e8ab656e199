#pragma once
// Streams the decompressed bytes of one input file (plain, .gz, .zst, .bz2, .xz via libarchive's
// raw format), never unpacking to disk, and hashes the stored bytes on the way.
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace siphon::ingest {

// What an import actually read of the file on disk: the evidence its source row must describe.
struct ReadIdentity {
    std::string sha256;           // of the stored bytes read, in order
    uint64_t bytes = 0;           // stored bytes read
    std::optional<Error> change;  // the file shrank, grew, was rewritten or replaced while read
};

class ByteSource {
public:
    ~ByteSource();
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    static Result<std::unique_ptr<ByteSource>> open(const std::string& path);

    // Reads up to `capacity` decompressed bytes. Returns 0 at the end; an Error on damage
    // (e.g. truncated gzip), whose offset is the decompressed offset reached.
    Result<size_t> read(char* buffer, size_t capacity);

    const std::string& path() const { return path_; }
    std::string compression() const;          // "none", "gzip", "zstd", ...
    uint64_t storedBytesRead() const;         // of the file on disk, for progress
    uint64_t decompressedOffset() const { return offset_; }

    // After the last read: reads (and hashes) whatever stored bytes the decoder left unread, up
    // to the size the file had when opened, then compares the file with what it was at open().
    // Stored bytes are never read past that size, so a file that grows is read as it was.
    ReadIdentity finish();

    // Test seam: called on the reading thread after every read of stored bytes, with the path and
    // the stored bytes read so far. Lets a test change the file at a known point of its import.
    using StoredReadHook = std::function<void(const std::string& path, uint64_t storedBytesRead)>;
    static void setStoredReadHookForTesting(StoredReadHook hook);

private:
    ByteSource() = default;
    struct Impl;
    std::unique_ptr<Impl> d_;
    std::string path_;
    uint64_t size_ = 0;
    uint64_t offset_ = 0;
};

} // namespace siphon::ingest
