#include "ingest/record_key_set.h"

namespace siphon::ingest {

// Probing follows the key alone, so every content seen under one key lies on one probe path.
// Any table size works: the spread key is mapped onto [0, size) by a multiply-high.
size_t RecordKeySet::home(int64_t key) const {
    const uint64_t k = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull;   // keys are hashes; spread them anyway
    return static_cast<size_t>(((k >> 32) * static_cast<uint64_t>(slots_.size())) >> 32);   // sizes < 2^32
}

int64_t RecordKeySet::find(int64_t key, int64_t content) {
    last_ = LastProbe{};
    if (slots_.empty()) return 0;
    bool sawKey = false;
    for (size_t i = home(key);; i = next(i)) {
        const Slot& s = slots_[i];
        if (s.rowId == 0) {
            last_ = LastProbe{key, content, i, sawKey, true};   // where add() will put it
            return 0;
        }
        if (s.key == key) {
            if (s.content == content) return static_cast<int64_t>(s.rowId);
            sawKey = true;
        }
    }
}

bool RecordKeySet::add(int64_t key, int64_t content, int64_t rowId) {
    if (rowId <= 0 || rowId > int64_t(UINT32_MAX)) {
        badId_ = true;   // cannot be held (a case that started empty never gets there): see badId()
        return false;
    }
    if ((size_ + 1) * 4 > slots_.size() * 3) {
        grow();
        last_.valid = false;
    }
    bool otherContent = false;
    size_t i = 0;
    if (last_.valid && last_.key == key && last_.content == content) {
        i = last_.slot;   // the find() just before probed this far: no second walk
        otherContent = last_.sawKey;
    } else {
        for (i = home(key); slots_[i].rowId != 0; i = next(i))
            if (slots_[i].key == key) otherContent = true;
    }
    last_.valid = false;
    slots_[i] = Slot{key, content, static_cast<uint32_t>(rowId)};
    ++size_;
    if (otherContent) conflictKeys_.push_back(key);
    return otherContent;
}

void RecordKeySet::grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() + old.size() / 2, Slot{});   // x1.5: less slack than doubling
    for (const Slot& s : old) {
        if (s.rowId == 0) continue;
        size_t i = home(s.key);
        while (slots_[i].rowId != 0) i = next(i);
        slots_[i] = s;
    }
}

} // namespace siphon::ingest
