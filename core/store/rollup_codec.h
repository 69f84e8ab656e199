#pragma once
// The packed form of one entity's rollups for one UTC day (a `rollup_day` row): an `hours` blob of
// (hour of day, model) sums and a `minutes` blob of minute-of-day sums. One row per entity and
// day instead of one per minute and per hour keeps the import's b-tree writes few and in order.
//
// Blob layout: a format byte (kRollupFormat), then one entry after another, each a run of
// varints: hours (hour delta, model id, requests, zigzag input, zigzag output), sorted by (hour,
// model); minutes (minute delta, requests, zigzag input, zigzag output), sorted by minute. A delta
// is from the previous entry (the first from 0). Decoding checks every byte it reads, the order and
// the ranges, and fails on anything else: a blob comes from a file that may be damaged.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::store {

constexpr unsigned char kRollupFormat = 1;

struct HourCell {
    int32_t hour = 0;      // 0..23 (UTC)
    int64_t model = 0;     // model_name.id
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
    bool operator==(const HourCell&) const = default;
};

struct MinuteCell {
    int32_t minute = 0;    // 0..1439 (UTC)
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
    bool operator==(const MinuteCell&) const = default;
};

// Appends the blob to out. Cells must be sorted and unique by key; cells with no request are left out.
void encodeHours(std::span<const HourCell> cells, std::string& out);
void encodeMinutes(std::span<const MinuteCell> cells, std::string& out);

// Appends the cells to out; false (out then holds an unspecified prefix) when the blob is not valid.
bool decodeHours(std::string_view blob, std::vector<HourCell>& out);
bool decodeMinutes(std::string_view blob, std::vector<MinuteCell>& out);

// Sums of two blobs of the same kind, key by key, into out (replaced); false when either is not valid.
bool mergeHours(std::string_view a, std::string_view b, std::string& out);
bool mergeMinutes(std::string_view a, std::string_view b, std::string& out);

} // namespace siphon::store
