#pragma once
// Keeps a copy of every byte the parse thread reads from an input, and cuts it into the blocks
// the case stores (source_block): the records' exact bytes are kept once, as a run of the file,
// instead of once per record. Blocks end at record ends where possible.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::ingest {

struct SourceBlock {
    int64_t start = 0;    // offset of bytes[0] in the decompressed stream
    std::string bytes;    // as read; emptied once compressed
    int64_t rawLength = 0;
    std::string zstd;     // the bytes as a zstd frame (store::BlockCompressor)
};

class SourceCapture {
public:
    // Bytes read from the stream, in order, with no gaps.
    void append(std::string_view bytes) { held_.append(bytes); }
    // Stream offset of the first byte held.
    int64_t start() const { return base_; }
    // Stream offset one past the last byte appended.
    int64_t end() const { return base_ + static_cast<int64_t>(held_.size()); }
    // True when [offset, offset + bytes.size()) is held and equals `bytes`: the record can be read
    // back from the blocks this capture will make.
    bool holds(int64_t offset, std::string_view bytes) const;
    // Moves the bytes before `cut` into a block appended to `out` (nothing when none are held).
    void cutBefore(int64_t cut, std::vector<SourceBlock>& out);
    // Forgets the bytes before `offset` (stored by an earlier run of a resumed import).
    void dropBefore(int64_t offset);

private:
    int64_t base_ = 0;    // stream offset of held_[0]
    std::string held_;
};

} // namespace siphon::ingest
