// libFuzzer target: the byte source (plain, gzip through zlib, zstd/bzip2/xz through libarchive)
// and the line window on top of it. Damage must surface as an Error, never as a crash, and the
// offsets handed out must stay inside what was decompressed.
#include "fuzz_common.h"

#include "ingest/byte_source.h"
#include "ingest/input_buffer.h"

using namespace siphon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".log");
    auto src = ingest::ByteSource::open(path);
    if (!src) return 0;
    // A small record cap exercises the over-long line path; a decompression cap keeps bombs cheap.
    ingest::InputBuffer in(**src, 4096);
    std::string_view line;
    int64_t offset = 0, lineNo = 0, lastOffset = -1;
    bool tooLong = false;   // legal either way; the cap is checked below
    int64_t total = 0;
    while (in.nextLine(line, offset, lineNo, tooLong)) {
        if (offset <= lastOffset) fuzz::contractBreach("line offsets went backwards");
        if (line.size() > 4096) fuzz::contractBreach("line longer than the cap");
        lastOffset = offset;
        total += static_cast<int64_t>(line.size()) + 1;
        if (total > (16 << 20)) break;   // bombs: enough to prove the path, not to wait on
    }
    if (static_cast<uint64_t>(in.offset()) > (*src)->decompressedOffset())
        fuzz::contractBreach("cursor past the decompressed bytes");
    return 0;
}
