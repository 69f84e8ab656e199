#pragma once
// Aggregates requests into entity x hour x model and entity x minute sums for one batch,
// on the parse thread, so the writer only upserts a sorted list. Entity and model strings are
// interned per batch so the per-request work is integer hashing.
#include "ingest/batch.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace siphon::ingest {

class RollupBuilder {
public:
    void add(const RequestRecord& r);
    // Moves the sums into the batch (sorted by key) and starts over.
    void drainInto(Batch& batch);

    static int64_t hourOf(int64_t us);
    static int64_t minuteOf(int64_t us);

private:
    struct Key {
        int32_t level, entity, model;
        int64_t bucket;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            uint64_t h = static_cast<uint64_t>(k.bucket) * 0x9E3779B97F4A7C15ULL;
            h ^= (static_cast<uint64_t>(k.entity) << 20) ^ (static_cast<uint64_t>(k.model) << 4) ^
                 static_cast<uint64_t>(k.level);
            return static_cast<size_t>(h ^ (h >> 29));
        }
    };
    struct Sums {
        int64_t requests = 0, input = 0, output = 0;
    };
    int32_t intern(const std::string& s);

    std::unordered_map<std::string, int32_t> ids_;
    std::vector<const std::string*> names_;
    std::unordered_map<Key, Sums, KeyHash> hour_, minute_;
};

// Calls fn(level, entity) for each entity level a request names (account, project, key, user, ip).
template <typename Fn>
void forEachEntity(const RequestRecord& r, Fn&& fn) {
    const std::string* entities[] = {&r.orgId, &r.projectId, &r.apiKeyId, &r.principal, &r.sourceIp};
    for (int level = 0; level < 5; ++level)
        if (!entities[level]->empty()) fn(level, *entities[level]);
}

} // namespace siphon::ingest
