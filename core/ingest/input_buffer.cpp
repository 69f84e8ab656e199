#include "ingest/input_buffer.h"

#include <algorithm>
#include <cstring>

namespace siphon::ingest {

namespace {
constexpr size_t kBlock = 1 << 20;
}

InputBuffer::InputBuffer(ByteSource& source, size_t maxRecordBytes) : src_(source), maxRecord_(maxRecordBytes) {
    buf_.reserve(2 * kBlock);
}

void InputBuffer::compact() {
    if (pos_ == 0) return;
    buf_.erase(0, pos_);
    base_ += static_cast<int64_t>(pos_);
    pos_ = 0;
}

// CR mode only when the first block has a lone CR and no bare LF: a CRLF file, an LF file and
// one mixing both stay in LF mode; a CR file with some CRLF lines is read in CR mode.
void InputBuffer::decideLineEnd(std::string_view block) {
    lineEndDecided_ = true;
    bool loneCr = false;
    for (size_t i = 0; i < block.size(); ++i) {
        const char* p = static_cast<const char*>(std::memchr(block.data() + i, '\n', block.size() - i));
        const size_t nl = p ? static_cast<size_t>(p - block.data()) : block.size();
        const char* cr = static_cast<const char*>(std::memchr(block.data() + i, '\r', nl - i));
        if (cr && static_cast<size_t>(cr - block.data()) + 1 < nl) loneCr = true;
        if (!p) break;
        if (nl == 0 || block[nl - 1] != '\r') return;   // a bare LF: LF mode
        i = nl;
    }
    if (loneCr) lineEnd_ = '\r';
}

bool InputBuffer::readMore() {
    if (eof_ || failed_) return false;
    if (pos_ > kBlock) compact();
    const size_t old = buf_.size();
    // A long record grows the window to the cap: reserve it once instead of doubling, which
    // would hold the old and the new copy (twice the cap) while it moves.
    if (old + kBlock > buf_.capacity() && old >= 4 * kBlock) buf_.reserve(std::max(old, maxRecord_) + 2 * kBlock);
    buf_.resize(old + kBlock);
    auto n = src_.read(buf_.data() + old, kBlock);
    if (!n) {
        buf_.resize(old);
        failed_ = true;
        eof_ = true;
        error_ = n.error();
        return false;
    }
    buf_.resize(old + *n);
    peak_ = std::max(peak_, buf_.size() + scratch_.size());
    if (*n == 0) eof_ = true;
    else {
        if (!lineEndDecided_) decideLineEnd(std::string_view(buf_).substr(old));
        if (tap_) tap_(std::string_view(buf_).substr(old));
    }
    return *n > 0;
}

bool InputBuffer::ensure(size_t bytes) {
    while (buf_.size() - pos_ < bytes && readMore()) {
    }
    return !failed_;
}

size_t InputBuffer::terminatorLength(size_t at) {
    if (lineEnd_ != '\r') return 1;
    ensure(at + 2);
    const size_t next = pos_ + at + 1;
    return next < buf_.size() && buf_[next] == '\n' ? 2 : 1;
}

size_t InputBuffer::firstNonSpace(size_t limit) {
    ensure(3);
    size_t i = window().substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (true) {
        const std::string_view w = window();
        for (; i < w.size(); ++i) {
            const char c = w[i];
            if (c != ' ' && (c < '\t' || c > '\r')) return i;
        }
        if (i > limit || !readMore()) return std::string_view::npos;
    }
}

void InputBuffer::consume(size_t n) {
    n = std::min(n, buf_.size() - pos_);
    // memchr hops between line ends at vector speed; records hold few of them.
    const char* p = buf_.data() + pos_;
    const char* const end = p + n;
    while ((p = static_cast<const char*>(std::memchr(p, lineEnd_, static_cast<size_t>(end - p)))) != nullptr) {
        ++line_;
        ++p;
    }
    pos_ += n;
}

// After a line the size of the cap, the window gives its memory back (it stays resident otherwise).
void InputBuffer::releaseSpareCapacity() {
    if (buf_.capacity() <= 4 * kBlock) return;
    compact();
    buf_.shrink_to_fit();
    buf_.reserve(2 * kBlock);
}

// The cursor is at the start of a line longer than the cap, none of whose end is in the window:
// drops blocks until the line ends, so it is never held whole. Sets tooLongBytes_.
bool InputBuffer::skipOverlongLine() {
    uint64_t length = buf_.size() - pos_;
    pos_ = buf_.size();
    while (true) {
        compact();
        if (!readMore()) {
            tooLongBytes_ = length;   // the line ends with the input
            releaseSpareCapacity();
            return false;
        }
        const void* p = std::memchr(buf_.data(), lineEnd_, buf_.size());
        if (!p) {
            length += buf_.size();
            pos_ = buf_.size();
            continue;
        }
        const size_t at = static_cast<size_t>(static_cast<const char*>(p) - buf_.data());
        length += at;
        if (lineEnd_ == '\n' && at > 0 && buf_[at - 1] == '\r') --length;
        pos_ = at;
        pos_ += terminatorLength(0);
        tooLongBytes_ = length;
        releaseSpareCapacity();
        return true;
    }
}

namespace {

// How much of an over-long line of n bytes is handed out: its head, within kTooLongHead and the
// cap both, so that no line returned is ever longer than the cap (fuzz_source's contract).
size_t headBytes(size_t n, size_t cap) { return std::min({n, InputBuffer::kTooLongHead, cap}); }

} // namespace

bool InputBuffer::nextLine(std::string_view& out, int64_t& offset, int64_t& lineNo, bool& tooLong) {
    tooLong = false;
    size_t searched = 0;
    while (true) {
        const size_t avail = buf_.size() - pos_;
        const void* nl = searched < avail ? std::memchr(buf_.data() + pos_ + searched, lineEnd_, avail - searched)
                                          : nullptr;
        if (nl) {
            const size_t len = static_cast<size_t>(static_cast<const char*>(nl) - (buf_.data() + pos_));
            const size_t term = terminatorLength(len);   // may read on: take pointers after it
            const char* start = buf_.data() + pos_;
            offset = this->offset();
            lineNo = line_;
            size_t body = len;
            if (lineEnd_ == '\n' && body > 0 && start[body - 1] == '\r') --body;
            if (body > maxRecord_) {
                tooLong = true;
                tooLongBytes_ = body;
                body = headBytes(body, maxRecord_);
            }
            out = std::string_view(start, body);
            pos_ += len + term;
            ++line_;
            return true;
        }
        searched = avail;
        const char* start = buf_.data() + pos_;
        if (avail > maxRecord_) {
            // Keep the head for the reject, then drop bytes until the line ends.
            tooLong = true;
            offset = this->offset();
            lineNo = line_;
            scratch_.assign(start, headBytes(avail, maxRecord_));
            skipOverlongLine();
            ++line_;
            out = scratch_;
            return true;
        }
        if (eof_) {
            if (avail == 0) return false;
            offset = this->offset();
            lineNo = line_;
            size_t body = avail;
            if (start[body - 1] == '\r') --body;
            out = std::string_view(start, body);
            pos_ = buf_.size();
            return true;   // last line without a line end
        }
        if (!readMore() && !eof_) return false;
    }
}

} // namespace siphon::ingest
