#include "ingest/importer.h"

#include "ingest/parse_worker.h"

#include <atomic>
#include <limits>
#include <thread>

namespace siphon::ingest {

Result<std::string> detectFormat(const std::string& path, const ImportSettings& settings) {
    ImportOptions options;
    options.settings = settings;
    std::atomic<bool> cancel{false};
    options.cancel = &cancel;
    BatchQueue queue(1);
    // Every record counts as already committed, so nothing is queued; the worker stops at the
    // first record after the decision because cancel is set.
    ParseWorker worker(path, options, "auto", std::numeric_limits<int64_t>::max(), queue);
    auto decision = worker.decision();
    std::thread parser([&worker] { worker.run(); });
    FormatDecision d = decision.get();
    cancel = true;
    queue.abort();
    parser.join();
    if (d.error) return *d.error;
    return d.format;
}

} // namespace siphon::ingest
