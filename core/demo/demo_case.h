#pragma once
// The bundled demo: deterministic synthetic traffic (a few hundred accounts with planted
// extraction campaigns and hard negatives), imported, analysed and tagged into DIR/demo.siphon.
// Used by `siphon-cli demo` and `siphon --demo`. Exporting the bundle needs the report renderer
// (ui), so the caller does that step.
#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace siphon::demo {

struct DemoOptions {
    std::string outDir;            // created if missing; an existing demo case there is rebuilt
    int accounts = 150;
    int days = 10;
    uint64_t seed = 42;
    std::function<void(const std::string&)> say;   // progress lines for people; may be empty
};

struct DemoResult {
    std::string casePath;
    std::string logsDir;
    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;
    int64_t flagged = 0;
    int64_t clusters = 0;
    std::vector<std::string> taggedTargets;   // described for people
};

Result<DemoResult> buildDemoCase(const DemoOptions& options);

} // namespace siphon::demo
