#pragma once
// Counts no real log states: a negative token count, or more tokens for one request than any
// model reads or writes. Such a record is rejected with the reason (its bytes kept) instead of
// being summed, where one 9223372036854775807 would wrap every total it joins.
#include "ingest/record.h"

#include <cstdint>
#include <optional>
#include <string>

namespace siphon::ingest {

// One request: 10^9 tokens is about a thousand times the largest context window offered today.
constexpr int64_t kMaxTokensPerRequest = 1'000'000'000;
// One usage bucket (an organisation's traffic over a period): 10^15 tokens. Sums of up to 9,000
// such buckets, or of 9 * 10^9 requests, cannot overflow an int64 total.
constexpr int64_t kMaxTokensPerBucket = 1'000'000'000'000'000;

// The reason a record is implausible, or nothing when its counts are plausible.
std::optional<std::string> implausibleCounts(const RequestRecord& r);
std::optional<std::string> implausibleCounts(const BucketRecord& b);

} // namespace siphon::ingest
