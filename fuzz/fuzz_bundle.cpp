// libFuzzer target: evidence bundle verification on arbitrary ZIP bytes. Whatever the archive
// holds (traversal names, symlinks, bombs, broken manifests), verifyBundle must answer with a
// report and write nothing; an unsafe archive must be reported as not ok.
#include "fuzz_common.h"

#include "evidence/bundle_verify.h"

using namespace siphon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".zip");
    // Small limits: a bomb the fuzzer builds is refused in milliseconds (not after 16 GiB), and
    // the limit paths are reached often enough to be exercised.
    evidence::VerifyLimits limits;
    limits.maxEntries = 2000;
    limits.maxEntryBytes = 8 << 20;
    limits.maxTotalBytes = 32 << 20;
    limits.maxKeptBytes = 4 << 20;
    auto report = evidence::verifyBundle(path, std::nullopt, limits);
    if (!report) return 0;
    if (report->refused && report->ok) fuzz::contractBreach("refused archive reported as ok");
    if (!report->ok && report->failures.empty()) fuzz::contractBreach("failed verification without a reason");
    return 0;
}
