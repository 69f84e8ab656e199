#pragma once
// Streams the decompressed bytes of one input file (plain, .gz, .zst, .bz2, .xz via libarchive's
// raw format), never unpacking to disk, and hashes the stored bytes on the way.
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace siphon::ingest {

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
    uint64_t storedSize() const { return size_; }
    uint64_t decompressedOffset() const { return offset_; }

private:
    ByteSource() = default;
    struct Impl;
    std::unique_ptr<Impl> d_;
    std::string path_;
    uint64_t size_ = 0;
    uint64_t offset_ = 0;
};

} // namespace siphon::ingest
