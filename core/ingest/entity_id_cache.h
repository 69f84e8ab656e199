#pragma once
// The case's ids of entity and model names, kept for a whole import run. The parse thread interns
// names per file, so each file's writer used to look every account, key, user and IP up in SQL
// again: in a folder of daily files that is one SQL round per entity per file, a per-file cost that
// grows with the population rather than with the file. The cache holds what the run has resolved
// (it is not loaded from the case: that would cost every run in proportion to the case);
// it lives no longer than the run, and a writer that rolls a transaction back empties it, so an id
// it holds was committed or belongs to the run's open transaction. A run into a case that holds
// names may fill it from the case first (ingest/case_names.h).
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace siphon::ingest {

class EntityIdCache {
public:
    // Entity levels are 0-4 (store/entity_level.h); model names are kept apart under this kind.
    static constexpr int kModel = 5;

    // Bounded: past `maxNames` the cache stops learning, and later names go to SQL as before.
    // `caseWasEmpty`: the run began on a case without names, so while nothing was left out every
    // name the case holds is here, and a name not found is new to the case.
    EntityIdCache(size_t maxNames, bool caseWasEmpty) : max_(maxNames), knowsAll_(caseWasEmpty) {}

    // The case's id of `name` under `kind`, or 0 when the run has not resolved it yet.
    int64_t find(int kind, std::string_view name) const {
        const auto& ids = ids_[static_cast<size_t>(kind)];
        const auto it = ids.find(name);
        return it == ids.end() ? 0 : it->second;
    }
    void remember(int kind, std::string_view name, int64_t id) {
        if (size_ >= max_) {
            knowsAll_ = false;
            refused_ = true;
            return;
        }
        if (ids_[static_cast<size_t>(kind)].emplace(std::string(name), id).second) ++size_;
    }
    size_t size() const { return size_; }
    // After a rollback: ids the cache learnt in the rolled-back transaction are gone from the case.
    void forgetAll() {
        for (auto& ids : ids_) ids.clear();
        size_ = 0;
        knowsAll_ = false;
    }
    // True while a name that find() does not know cannot be in the case.
    bool knowsAllNames() const { return knowsAll_; }
    // Every name of the case was remembered (the caller read them all): unless the cap refused
    // one, a name not found from now on is new to the case.
    void assumeComplete() { knowsAll_ = !refused_; }

private:
    // Lookups by string_view without building a std::string per name.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Map = std::unordered_map<std::string, int64_t, Hash, std::equal_to<>>;
    std::array<Map, kModel + 1> ids_;
    size_t size_ = 0;
    size_t max_;
    bool knowsAll_;
    bool refused_ = false;
};

} // namespace siphon::ingest
