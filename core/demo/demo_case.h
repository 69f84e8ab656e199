#pragma once
// The one bundled demo: deterministic synthetic traffic (150 accounts over 10 days by default,
// with planted extraction campaigns and hard negatives), imported, analysed at the account, key and
// IP levels, and tagged, into DIR/demo.siphon. Used by `siphon-cli demo` and `siphon --demo`.
// The case is built as DIR/demo.siphon.part and renamed when complete, so DIR/demo.siphon is
// never a half-built case. Exporting the bundle needs the report renderer, so the caller does that.
// Thread: any (the caller's, for the whole call); cancel is polled between and inside the steps.
#include "util/result.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace siphon::demo {

struct DemoOptions {
    std::string outDir;            // created if missing; an existing demo case is replaced once the new one is done
    int accounts = 150;
    int days = 10;
    uint64_t seed = 42;
    std::function<void(const std::string&)> say;   // progress lines for people; may be empty
    const std::atomic<bool>* cancel = nullptr;       // becoming true ends with ErrorCode::Cancelled
};

struct DemoResult {
    std::string casePath;
    std::string logsDir;
    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;
    int64_t flagged = 0;                       // account level
    int64_t clusters = 0;                      // account level
    std::vector<std::string> taggedTargets;   // described for people
};

Result<DemoResult> buildDemoCase(const DemoOptions& options);

} // namespace siphon::demo
