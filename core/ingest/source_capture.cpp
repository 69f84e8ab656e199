#include "ingest/source_capture.h"

#include <algorithm>
#include <cstring>

namespace siphon::ingest {

bool SourceCapture::holds(int64_t offset, std::string_view bytes) const {
    if (offset < base_ || offset + static_cast<int64_t>(bytes.size()) > end()) return false;
    return bytes.empty() || std::memcmp(held_.data() + (offset - base_), bytes.data(), bytes.size()) == 0;
}

void SourceCapture::cutBefore(int64_t cut, std::vector<SourceBlock>& out) {
    cut = std::min(cut, end());
    if (cut <= base_) return;
    const auto n = static_cast<size_t>(cut - base_);
    SourceBlock block;
    block.start = base_;
    if (n == held_.size()) {
        block.bytes = std::move(held_);
        held_.clear();
    } else {
        block.bytes.assign(held_, 0, n);
        held_.erase(0, n);
    }
    base_ = cut;
    out.push_back(std::move(block));
}

void SourceCapture::dropBefore(int64_t offset) {
    offset = std::min(offset, end());
    if (offset <= base_) return;
    held_.erase(0, static_cast<size_t>(offset - base_));
    base_ = offset;
}

} // namespace siphon::ingest
