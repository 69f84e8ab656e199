#include "ingest/record_key_set.h"

namespace siphon::ingest {

// Probing follows the key alone, so every content seen under one key lies on one probe path.
size_t RecordKeySet::home(int64_t key) const {
    const auto k = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull;   // keys are hashes; spread them anyway
    return static_cast<size_t>(k >> 17) & (slots_.size() - 1);
}

int64_t RecordKeySet::find(int64_t key, int64_t content) const {
    if (slots_.empty()) return 0;
    for (size_t i = home(key);; i = (i + 1) & (slots_.size() - 1)) {
        const Slot& s = slots_[i];
        if (s.rowId == 0) return 0;
        if (s.key == key && s.content == content) return s.rowId;
    }
}

bool RecordKeySet::add(int64_t key, int64_t content, int64_t rowId) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow();
    bool otherContent = false;
    size_t i = home(key);
    for (; slots_[i].rowId != 0; i = (i + 1) & (slots_.size() - 1))
        if (slots_[i].key == key) otherContent = true;
    slots_[i] = Slot{key, content, rowId};
    ++size_;
    if (otherContent) conflictKeys_.push_back(key);
    return otherContent;
}

void RecordKeySet::grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
        if (s.rowId == 0) continue;
        size_t i = home(s.key);
        while (slots_[i].rowId != 0) i = (i + 1) & (slots_.size() - 1);
        slots_[i] = s;
    }
}

} // namespace siphon::ingest
