#include "ingest/rollup_builder.h"

#include "ingest/record.h"

namespace siphon::ingest {

namespace {
constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kHourUs = 3'600'000'000;

int64_t floorTo(int64_t t, int64_t width) {
    int64_t q = t / width;
    if (t % width < 0) --q;
    return q * width;
}

void addTo(RollupSums& s, int64_t in, int64_t out) {
    s.requests += 1;
    s.input += in;
    s.output += out;
}
} // namespace

int64_t RollupBuilder::hourOf(int64_t us) { return floorTo(us, kHourUs); }
int64_t RollupBuilder::minuteOf(int64_t us) { return floorTo(us, kMinuteUs); }

int32_t RollupBuilder::intern(const std::string& s) {
    auto [it, inserted] = ids_.try_emplace(s, static_cast<int32_t>(names_.size()));
    if (inserted) names_.push_back(&it->first);
    return it->second;
}

RollupIds RollupBuilder::add(const RequestRecord& r) {
    const int64_t in = r.inputTokens.value_or(0), out = r.outputTokens.value_or(0);
    const int64_t h = hourOf(r.tsStartUs), m = minuteOf(r.tsStartUs);
    RollupIds ids;
    ids.model = intern(r.model);
    forEachEntity(r, [&](int level, const std::string& entity) {
        const int32_t e = intern(entity);
        ids.entity[static_cast<size_t>(level)] = e;
        addTo(hour_.at(RollupKey{level, e, ids.model, h}), in, out);
        addTo(minute_.at(RollupKey{level, e, 0, m}), in, out);
    });
    return ids;
}

void RollupBuilder::takeNewNames(std::vector<std::string>& out) {
    for (; namesTaken_ < names_.size(); ++namesTaken_) out.push_back(*names_[namesTaken_]);
}

void RollupBuilder::drainInto(std::vector<RollupDelta>& hours, std::vector<RollupDelta>& minutes) {
    hour_.drainInto(hours);
    minute_.drainInto(minutes);
}

} // namespace siphon::ingest
