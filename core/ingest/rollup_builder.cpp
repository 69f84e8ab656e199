#include "ingest/rollup_builder.h"

#include "ingest/radix_sort.h"
#include "ingest/record.h"
#include "util/hash.h"
#include "store/rollup_codec.h"
#include "store/rollup_time.h"

#include <algorithm>
#include <utility>

namespace siphon::ingest {

namespace {
void addTo(RollupSums& s, int64_t in, int64_t out) {
    s.requests += 1;
    s.input += in;
    s.output += out;
}
} // namespace

int64_t RollupBuilder::hourOf(int64_t us) { return store::rollup_time::floorTo(us, store::rollup_time::kHourUs); }
int64_t RollupBuilder::minuteOf(int64_t us) { return store::rollup_time::floorTo(us, store::rollup_time::kMinuteUs); }

int32_t RollupBuilder::intern(const std::string& s) {
    if ((names_.size() + 1) * 2 > nameSlots_.size()) growNames();
    const int64_t h = fastHash64(s);
    const size_t mask = nameSlots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
        NameSlot& slot = nameSlots_[i];
        if (slot.id < 0) {
            slot = NameSlot{h, static_cast<int32_t>(names_.size())};
            names_.push_back(s);
            return slot.id;
        }
        if (slot.hash == h && names_[static_cast<size_t>(slot.id)] == s) return slot.id;
    }
}

void RollupBuilder::growNames() {
    std::vector<NameSlot> slots(nameSlots_.empty() ? 1024 : nameSlots_.size() * 2);
    const size_t mask = slots.size() - 1;
    for (const NameSlot& old : nameSlots_) {
        if (old.id < 0) continue;
        size_t i = static_cast<size_t>(old.hash) & mask;
        while (slots[i].id >= 0) i = (i + 1) & mask;
        slots[i] = old;
    }
    nameSlots_.swap(slots);
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
    for (; namesTaken_ < names_.size(); ++namesTaken_) out.push_back(names_[namesTaken_]);
}

namespace {

// A delta's place in pack order: (day, entity, level), then (minute of day, model) inside a pack;
// packed into two words so the sort, most of drainInto's time, compares integers.
struct SortKey {
    uint64_t dayEntity, levelCell;
    uint32_t index;   // into the drained deltas
    bool operator<(const SortKey& o) const {
        return dayEntity != o.dayEntity ? dayEntity < o.dayEntity : levelCell < o.levelCell;
    }
    std::pair<uint64_t, uint64_t> pack() const { return {dayEntity, levelCell >> 48}; }
};

constexpr int64_t kDayBias = int64_t{1} << 31;   // day numbers of any int64 instant fit in 32 bits

int bitsFor(uint64_t maxValue) {
    int bits = 0;
    while (bits < 64 && (maxValue >> bits) != 0) ++bits;
    return bits;
}

// Orders keys as SortKey::operator< does. When (day from the earliest, entity, level, minute of
// day, model) fit in 64 bits together, as they do for any real transaction, by one radix sort.
void sortKeys(std::vector<SortKey>& keys) {
    if (keys.empty()) return;
    uint64_t minDay = UINT64_MAX, maxDay = 0, maxEntity = 0, maxLevel = 0, maxMinute = 0, maxModel = 0;
    for (const SortKey& k : keys) {
        minDay = std::min(minDay, k.dayEntity >> 32);
        maxDay = std::max(maxDay, k.dayEntity >> 32);
        maxEntity = std::max(maxEntity, k.dayEntity & 0xFFFFFFFFu);
        maxLevel = std::max(maxLevel, k.levelCell >> 48);
        maxMinute = std::max(maxMinute, (k.levelCell >> 32) & 0xFFFFu);
        maxModel = std::max(maxModel, k.levelCell & 0xFFFFFFFFu);
    }
    const int bModel = bitsFor(maxModel), bMinute = bitsFor(maxMinute), bLevel = bitsFor(maxLevel);
    const int bEntity = bitsFor(maxEntity), bDay = bitsFor(maxDay - minDay);
    if (bModel + bMinute + bLevel + bEntity + bDay > 64) {
        std::sort(keys.begin(), keys.end());
        return;
    }
    const int sMinute = bModel, sLevel = sMinute + bMinute, sEntity = sLevel + bLevel, sDay = sEntity + bEntity;
    auto shl = [](uint64_t v, int s) { return s >= 64 ? 0 : v << s; };   // a 0-bit field may sit at bit 64
    radixSort(keys, [&](const SortKey& k) {
        return shl((k.dayEntity >> 32) - minDay, sDay) | shl(k.dayEntity & 0xFFFFFFFFu, sEntity) |
               shl(k.levelCell >> 48, sLevel) | shl((k.levelCell >> 32) & 0xFFFFu, sMinute) | (k.levelCell & 0xFFFFFFFFu);
    });
}

std::vector<SortKey> sortedKeys(const std::vector<RollupDelta>& deltas) {
    using namespace store::rollup_time;
    std::vector<SortKey> keys;
    keys.reserve(deltas.size());
    for (uint32_t i = 0; i < deltas.size(); ++i) {
        const RollupKey& k = deltas[i].key;
        const auto dayNumber = static_cast<uint64_t>(dayOf(k.bucket) / kDayUs + kDayBias);
        keys.push_back({dayNumber << 32 | static_cast<uint32_t>(k.entity),
                        static_cast<uint64_t>(k.level) << 48 | static_cast<uint64_t>(minuteOfDay(k.bucket)) << 32 |
                            static_cast<uint32_t>(k.model),
                        i});
    }
    sortKeys(keys);
    return keys;
}

} // namespace

void RollupBuilder::drainInto(RollupPacks& out) {
    using namespace store::rollup_time;
    std::vector<RollupDelta> hourDeltas, minuteDeltas;
    hour_.drainInto(hourDeltas);
    minute_.drainInto(minuteDeltas);
    const std::vector<SortKey> hours = sortedKeys(hourDeltas), minutes = sortedKeys(minuteDeltas);
    std::vector<store::MinuteCell> cells;
    size_t i = 0, j = 0;
    while (i < hours.size() || j < minutes.size()) {
        const auto key = i == hours.size()     ? minutes[j].pack()
                         : j == minutes.size() ? hours[i].pack()
                                               : std::min(hours[i].pack(), minutes[j].pack());
        RollupPack pack;
        pack.dayUs = (static_cast<int64_t>(key.first >> 32) - kDayBias) * kDayUs;
        pack.entity = static_cast<int32_t>(static_cast<uint32_t>(key.first));
        pack.level = static_cast<int32_t>(key.second);
        pack.hoursBegin = static_cast<uint32_t>(out.hours.size());
        for (; i < hours.size() && hours[i].pack() == key; ++i) {
            const RollupDelta& d = hourDeltas[hours[i].index];
            out.hours.push_back({hourOfDay(d.key.bucket), d.key.model, d.sums});
        }
        pack.hoursEnd = static_cast<uint32_t>(out.hours.size());
        cells.clear();
        for (; j < minutes.size() && minutes[j].pack() == key; ++j) {
            const RollupDelta& d = minuteDeltas[minutes[j].index];
            cells.push_back({minuteOfDay(d.key.bucket), d.sums.requests, d.sums.input, d.sums.output});
        }
        store::encodeMinutes(cells, pack.minutes);
        out.packs.push_back(std::move(pack));
    }
}

} // namespace siphon::ingest
