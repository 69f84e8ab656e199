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

bool InputBuffer::readMore() {
    if (eof_ || failed_) return false;
    if (pos_ > kBlock) compact();
    const size_t old = buf_.size();
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
    if (*n == 0) eof_ = true;
    else if (tap_) tap_(std::string_view(buf_).substr(old));
    return *n > 0;
}

bool InputBuffer::ensure(size_t bytes) {
    while (buf_.size() - pos_ < bytes && readMore()) {
    }
    return !failed_;
}

void InputBuffer::consume(size_t n) {
    n = std::min(n, buf_.size() - pos_);
    // memchr hops between newlines at vector speed; records hold few of them.
    const char* p = buf_.data() + pos_;
    const char* const end = p + n;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) != nullptr) {
        ++line_;
        ++p;
    }
    pos_ += n;
}

bool InputBuffer::nextLine(std::string_view& out, int64_t& offset, int64_t& lineNo, bool& tooLong) {
    tooLong = false;
    size_t searched = 0;
    while (true) {
        const char* start = buf_.data() + pos_;
        const size_t avail = buf_.size() - pos_;
        const void* nl = searched < avail ? std::memchr(start + searched, '\n', avail - searched) : nullptr;
        if (nl) {
            const size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
            offset = this->offset();
            lineNo = line_;
            size_t body = len;
            if (body > 0 && start[body - 1] == '\r') --body;
            if (body > maxRecord_) {
                tooLong = true;
                body = maxRecord_;
            }
            out = std::string_view(start, body);
            pos_ += len + 1;
            ++line_;
            return true;
        }
        searched = avail;
        if (avail > maxRecord_) {
            // Keep the head for the reject, then drop bytes until the newline.
            tooLong = true;
            offset = this->offset();
            lineNo = line_;
            scratch_.assign(start, maxRecord_);
            pos_ = buf_.size();
            while (true) {
                compact();
                if (!readMore()) break;
                const void* p = std::memchr(buf_.data(), '\n', buf_.size());
                if (p) {
                    pos_ = static_cast<size_t>(static_cast<const char*>(p) - buf_.data()) + 1;
                    break;
                }
                pos_ = buf_.size();
            }
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
            return true;   // last line without a newline
        }
        if (!readMore() && !eof_) return false;
    }
}

} // namespace siphon::ingest
