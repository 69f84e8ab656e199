#pragma once
// The bundle's files go into its ZIP as they are made; what stays in memory is each file's path,
// size and SHA-256 (for manifest.json, SHA256SUMS and case.jsonld). A record file is made in
// pieces twice, once to size and hash it and once to write it, so no whole file is ever held.
#include "evidence/bundle_files.h"
#include "evidence/zip_writer.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::evidence {

class BundleWriter {
public:
    using Producer = std::function<void(const PieceSink&)>;

    BundleWriter(const std::string& outPath, int64_t exportTimeUs) : zip_(outPath, exportTimeUs) {}

    Status open() { return zip_.open(); }
    Status add(const std::string& path, std::string_view bytes);
    // `produce` must give the same pieces each time it is called (checked by hash).
    Status addPieces(const std::string& path, const Producer& produce);
    Status finish() { return zip_.finish(); }
    std::vector<BundleFile>& files() { return files_; }

private:
    ZipStream zip_;
    std::vector<BundleFile> files_;
};

} // namespace siphon::evidence
