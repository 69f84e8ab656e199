#pragma once
// Compression of the source blocks a case keeps (the input files' bytes, as read): zstd frames
// with a content checksum, so a damaged block is detected when it is read, never returned.
#include "util/result.h"

#include <memory>
#include <string>
#include <string_view>

namespace siphon::store {

inline constexpr std::string_view kCodecZstd = "zstd";
inline constexpr std::string_view kCodecNone = "none";

// One per thread: keeps zstd's compression context between blocks.
class BlockCompressor {
public:
    BlockCompressor();
    ~BlockCompressor();
    BlockCompressor(const BlockCompressor&) = delete;
    BlockCompressor& operator=(const BlockCompressor&) = delete;
    // Compresses `raw` into `out` (replacing its contents).
    Status compress(std::string_view raw, std::string& out);

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

// Restores a block to exactly `rawLength` bytes; an error names what is wrong (unknown codec,
// damaged frame, checksum or length mismatch).
Status decompressBlock(std::string_view codec, std::string_view data, int64_t rawLength, std::string& out);

} // namespace siphon::store
