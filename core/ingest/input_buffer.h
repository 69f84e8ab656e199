#pragma once
// A sliding window over a ByteSource that hands out complete lines or spans with their
// stream offset and line number. Memory stays bounded by the longest record (capped).
//
// Line endings are decided from the first block read: LF (with an optional CR before it, so
// CRLF too), or CR (old Mac exports: a CR, with an optional LF after it, ends a line). A file
// whose first block holds a lone CR and no bare LF is read in CR mode; every other file in LF
// mode, where a lone CR stays inside its line (the framers reject such lines with a reason).
#include "ingest/byte_source.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace siphon::ingest {

class InputBuffer {
public:
    explicit InputBuffer(ByteSource& source, size_t maxRecordBytes);
    InputBuffer(const InputBuffer&) = delete;
    InputBuffer& operator=(const InputBuffer&) = delete;

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

    // The byte that ends a line: '\n', or '\r' for a CR-only file (valid once a block was read).
    char lineEnd() const { return lineEnd_; }
    // Length of the line terminator whose lineEnd() byte is at window()[at]: 1, or 2 for "\r\n"
    // in CR mode. May read more input (window() views then move).
    size_t terminatorLength(size_t at);

    // Moves the cursor forward by n bytes, counting line ends passed.
    void consume(size_t n);
    // As consume(), when the caller knows how many line ends the n bytes hold.
    void consumeCounted(size_t n, int64_t newlines) {
        pos_ += n;
        line_ += newlines;
    }

    // Next line without its terminator. `tooLong` is set when it exceeds the cap: the line is
    // then skipped through its end without being held whole, and its first bytes (at most
    // kTooLongHead) are returned; tooLongBytes() says how long it was. False at end of input.
    bool nextLine(std::string_view& line, int64_t& offset, int64_t& lineNo, bool& tooLong);
    uint64_t tooLongBytes() const { return tooLongBytes_; }
    static constexpr size_t kTooLongHead = 1 << 20;

    // Position in window() of the first byte after a UTF-8 byte-order mark and white space,
    // reading on as far as `limit` bytes; npos when the input holds nothing else (eof()) or
    // when more than `limit` bytes of white space come first. Consumes nothing.
    size_t firstNonSpace(size_t limit);

    size_t maxRecordBytes() const { return maxRecord_; }
    // Most bytes the window ever held at once (tests bound memory with it).
    size_t peakBytes() const { return peak_; }
    // Called with every block read from the source, in stream order (the case keeps the bytes).
    void setReadTap(std::function<void(std::string_view)> tap) { tap_ = std::move(tap); }
    ByteSource& source() { return src_; }

private:
    void compact();
    void decideLineEnd(std::string_view firstBlock);
    bool skipOverlongLine();
    void releaseSpareCapacity();

    ByteSource& src_;
    size_t maxRecord_;
    std::string buf_;
    size_t pos_ = 0;
    int64_t base_ = 0;   // stream offset of buf_[0]
    int64_t line_ = 1;
    bool eof_ = false;
    bool failed_ = false;
    bool lineEndDecided_ = false;
    char lineEnd_ = '\n';
    size_t peak_ = 0;
    uint64_t tooLongBytes_ = 0;
    Error error_;
    std::string scratch_;   // holds the head of an over-long line
    std::function<void(std::string_view)> tap_;
};

} // namespace siphon::ingest
