#pragma once
// A sliding window over a ByteSource that hands out complete lines or spans with their
// stream offset and line number. Memory stays bounded by the longest record (capped).
#include "ingest/byte_source.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace siphon::ingest {

class InputBuffer {
public:
    explicit InputBuffer(ByteSource& source, size_t maxRecordBytes);

    // Makes at least `bytes` bytes available from the cursor (fewer at end of input).
    // Returns false on a read error (see error()).
    bool ensure(size_t bytes);
    // Reads one more block; false at end of input or on error.
    bool readMore();

    std::string_view window() const { return std::string_view(buf_).substr(pos_); }
    bool atEnd() const { return eof_ && pos_ >= buf_.size(); }
    bool eof() const { return eof_; }
    const Error* error() const { return failed_ ? &error_ : nullptr; }

    int64_t offset() const { return base_ + static_cast<int64_t>(pos_); }   // stream offset of the cursor
    int64_t line() const { return line_; }                                 // line number at the cursor (1-based)

    // Moves the cursor forward by n bytes, counting newlines passed.
    void consume(size_t n);
    // As consume(), when the caller knows how many newlines the n bytes hold.
    void consumeCounted(size_t n, int64_t newlines) {
        pos_ += n;
        line_ += newlines;
    }

    // Next line without its terminator ('\n' or "\r\n"). `tooLong` is set (and the line skipped
    // through its newline, returning the first maxRecordBytes bytes) when it exceeds the cap.
    // Returns false at end of input.
    bool nextLine(std::string_view& line, int64_t& offset, int64_t& lineNo, bool& tooLong);

    size_t maxRecordBytes() const { return maxRecord_; }
    // Called with every block read from the source, in stream order (the case keeps the bytes).
    void setReadTap(std::function<void(std::string_view)> tap) { tap_ = std::move(tap); }
    ByteSource& source() { return src_; }

private:
    void compact();

    ByteSource& src_;
    size_t maxRecord_;
    std::string buf_;
    size_t pos_ = 0;
    int64_t base_ = 0;   // stream offset of buf_[0]
    int64_t line_ = 1;
    bool eof_ = false;
    bool failed_ = false;
    Error error_;
    std::string scratch_;   // holds the head of an over-long line
    std::function<void(std::string_view)> tap_;
};

} // namespace siphon::ingest
