#include "ingest/rollup_builder.h"

#include <algorithm>

namespace siphon::ingest {

namespace {
constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kHourUs = 3'600'000'000;

int64_t floorTo(int64_t t, int64_t width) {
    int64_t q = t / width;
    if (t % width < 0) --q;
    return q * width;
}
} // namespace

int64_t RollupBuilder::hourOf(int64_t us) { return floorTo(us, kHourUs); }
int64_t RollupBuilder::minuteOf(int64_t us) { return floorTo(us, kMinuteUs); }

int32_t RollupBuilder::intern(const std::string& s) {
    auto [it, inserted] = ids_.try_emplace(s, static_cast<int32_t>(names_.size()));
    if (inserted) names_.push_back(&it->first);   // node-based map: the key's address is stable
    return it->second;
}

void RollupBuilder::add(const RequestRecord& r) {
    const int64_t in = r.inputTokens.value_or(0), out = r.outputTokens.value_or(0);
    const int64_t h = hourOf(r.tsStartUs), m = minuteOf(r.tsStartUs);
    const int32_t model = intern(r.model);
    const int32_t none = intern(std::string());
    forEachEntity(r, [&](int level, const std::string& entity) {
        const int32_t e = intern(entity);
        Sums& hs = hour_[Key{level, e, model, h}];
        hs.requests += 1;
        hs.input += in;
        hs.output += out;
        Sums& ms = minute_[Key{level, e, none, m}];
        ms.requests += 1;
        ms.input += in;
        ms.output += out;
    });
}

void RollupBuilder::drainInto(Batch& batch) {
    // Rank the interned strings once, then sort keys as integers: same order as by string, far cheaper.
    std::vector<int32_t> order(names_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        return *names_[static_cast<size_t>(a)] < *names_[static_cast<size_t>(b)];
    });
    std::vector<int32_t> rank(names_.size());
    for (size_t i = 0; i < order.size(); ++i) rank[static_cast<size_t>(order[i])] = static_cast<int32_t>(i);
    auto drain = [&](std::unordered_map<Key, Sums, KeyHash>& from, std::vector<RollupDelta>& to) {
        std::vector<std::pair<Key, Sums>> items(from.begin(), from.end());
        auto ranked = [&](const Key& k) {
            return std::make_tuple(k.level, rank[static_cast<size_t>(k.entity)], k.bucket,
                                   rank[static_cast<size_t>(k.model)]);
        };
        std::sort(items.begin(), items.end(), [&](const auto& a, const auto& b) { return ranked(a.first) < ranked(b.first); });
        to.reserve(items.size());
        for (const auto& [k, v] : items)
            to.push_back(RollupDelta{k.level, *names_[static_cast<size_t>(k.entity)], k.bucket,
                                     *names_[static_cast<size_t>(k.model)], v.requests, v.input, v.output});
        from.clear();
    };
    drain(hour_, batch.hourRollups);
    drain(minute_, batch.minuteRollups);
    ids_.clear();
    names_.clear();
}

} // namespace siphon::ingest
