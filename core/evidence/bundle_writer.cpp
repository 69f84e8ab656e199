#include "evidence/bundle_writer.h"

#include "util/hash.h"

namespace siphon::evidence {

Status BundleWriter::add(const std::string& path, std::string_view bytes) {
    if (Status s = zip_.add(path, bytes); !s) return s;
    files_.push_back({path, static_cast<int64_t>(bytes.size()), Sha256::hex(bytes)});
    return {};
}

Status BundleWriter::addPieces(const std::string& path, const Producer& produce) {
    Sha256 sizing;
    int64_t size = 0;
    produce([&](std::string_view piece) {
        sizing.update(piece);
        size += static_cast<int64_t>(piece.size());
    });
    const std::string sha256 = sizing.finishHex();
    if (Status s = zip_.beginEntry(path, size); !s) return s;
    Sha256 written;
    Status failed;
    produce([&](std::string_view piece) {
        written.update(piece);
        if (failed) failed = zip_.write(piece);
    });
    if (!failed) return failed;
    // The manifest states the first pass's hash; the ZIP holds the second pass's bytes.
    if (written.finishHex() != sha256)
        return makeError(ErrorCode::Usage, "the bytes of " + path + " changed between sizing and writing them");
    files_.push_back({path, size, sha256});
    return {};
}

} // namespace siphon::evidence
