#pragma once
// One output file of the generator: buffered, optionally gzip-compressed (deterministic header:
// no timestamp, no name), and counting lines so faults can be reported at their exact line.
#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace siphon::generate {

class OutFile {
public:
    OutFile() = default;
    ~OutFile();
    OutFile(const OutFile&) = delete;
    OutFile& operator=(const OutFile&) = delete;

    Status open(const std::string& path, bool gzip);
    void write(std::string_view bytes);
    Status close();

    // 1-based line number the next byte written will be on (in the decompressed stream).
    int64_t line() const { return line_; }
    bool isOpen() const { return open_; }

private:
    Status flush();

    std::string path_;
    std::string buffer_;
    bool gzip_ = false;
    bool open_ = false;
    bool failed_ = false;
    int64_t line_ = 1;
    void* file_ = nullptr;      // FILE*
    void* archive_ = nullptr;   // struct archive*
};

} // namespace siphon::generate
