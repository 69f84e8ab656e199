#include "ingest/record_key_set.h"

namespace siphon::ingest {

// Probing follows the key alone, so every content seen under one key lies on one probe path.
// Any table size works: the spread key is mapped onto [0, size) by a multiply-high.
size_t RecordKeySet::home(int64_t key) const {
    const uint64_t k = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull;   // keys are hashes; spread them anyway
    return static_cast<size_t>(((k >> 32) * static_cast<uint64_t>(slots_.size())) >> 32);   // sizes < 2^32
}

int64_t RecordKeySet::find(int64_t key, int64_t content) const {
    if (slots_.empty()) return 0;
    for (size_t i = home(key);; i = next(i)) {
        const Slot& s = slots_[i];
        if (s.rowId == 0) return 0;
        if (s.key == key && s.content == content) return static_cast<int64_t>(s.rowId);
    }
}

bool RecordKeySet::add(int64_t key, int64_t content, int64_t rowId) {
    if (rowId <= 0 || rowId > int64_t(UINT32_MAX)) {
        badId_ = true;   // cannot be held (a case that started empty never gets there): see badId()
        return false;
    }
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    bool otherContent = false;
    size_t i = home(key);
    for (; slots_[i].rowId != 0; i = next(i))
        if (slots_[i].key == key) otherContent = true;
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
