#pragma once
// Aggregates requests into entity x hour x model and entity x minute sums on the parse thread, for
// one transaction at a time, and at the transaction's end packs them per day and entity (the
// grouping, sorting and minute encoding happen here, off the writer thread). Entity and model
// strings are interned once per import into small integer ids; the writer maps those to the
// case's `entity` and `model_name` ids.
#include "ingest/rollup_pack.h"
#include "ingest/rollup_table.h"

#include <array>
#include <string>
#include <vector>

namespace siphon::ingest {

struct RequestRecord;

// The local name ids a request was counted under, so the writer can take a duplicate back out.
struct RollupIds {
    std::array<int32_t, 5> entity{-1, -1, -1, -1, -1};   // per level; -1 when the record names none
    int32_t model = -1;
};

class RollupBuilder {
public:
    RollupIds add(const RequestRecord& r);
    // Names interned since the last call, in id order (ids continue where the previous call ended).
    void takeNewNames(std::vector<std::string>& out);
    // Moves the sums out, packed, and starts the next transaction's sums. Names stay interned.
    void drainInto(RollupPacks& out);
    size_t keys() const { return hour_.size() + minute_.size(); }

    static int64_t hourOf(int64_t us);
    static int64_t minuteOf(int64_t us);

private:
    int32_t intern(const std::string& s);

    // Open addressing on a 64-bit hash, checked against the name: six lookups per request, so no
    // node-based map (an allocation and a pointer chase each).
    struct NameSlot {
        int64_t hash = 0;
        int32_t id = -1;   // -1: empty
    };
    void growNames();
    std::vector<NameSlot> nameSlots_;
    std::vector<std::string> names_;   // by id
    size_t namesTaken_ = 0;
    RollupTable hour_, minute_;
};

} // namespace siphon::ingest
