#include "ingest/plausible_counts.h"

#include <cmath>
#include <initializer_list>
#include <utility>

namespace siphon::ingest {

namespace {

using Named = std::pair<const char*, const std::optional<int64_t>*>;

std::optional<std::string> firstImplausible(std::initializer_list<Named> counts, int64_t limit, const char* per) {
    for (const auto& [name, value] : counts) {
        if (!*value) continue;
        if (**value < 0)
            return std::string(name) + " is negative (" + std::to_string(**value) + "): not a count a log states";
        if (**value > limit)
            return std::string(name) + " = " + std::to_string(**value) + " is implausible for " + per + " (limit " +
                   std::to_string(limit) + ")";
    }
    return std::nullopt;
}

std::optional<std::string> badCost(const std::optional<double>& cost) {
    if (cost && !std::isfinite(*cost)) return std::string("cost is not a finite number");
    return std::nullopt;
}

} // namespace

std::optional<std::string> implausibleCounts(const RequestRecord& r) {
    if (auto why = firstImplausible({{"input_tokens", &r.inputTokens},
                                     {"output_tokens", &r.outputTokens},
                                     {"cached_tokens", &r.cachedReadTokens},
                                     {"cache_write_tokens", &r.cacheWriteTokens},
                                     {"reasoning_tokens", &r.reasoningTokens}},
                                    kMaxTokensPerRequest, "one request"))
        return why;
    return badCost(r.costUsd);
}

std::optional<std::string> implausibleCounts(const BucketRecord& b) {
    if (auto why = firstImplausible({{"num_requests", &b.numRequests},
                                     {"input_tokens", &b.inputTokens},
                                     {"output_tokens", &b.outputTokens},
                                     {"cached_tokens", &b.cachedReadTokens},
                                     {"cache_write_tokens", &b.cacheWriteTokens}},
                                    kMaxTokensPerBucket, "one usage bucket"))
        return why;
    return badCost(b.costUsd);
}

} // namespace siphon::ingest
