#pragma once
// Adds one transaction's sums to the `entity` rows that already exist: in id order (neighbouring
// rows share pages), many rows per statement. A folder of daily narrow files touches about three
// entities per request in every file, and one UPDATE statement per entity was the largest part of
// the writer thread (28% of it); the rows and the values written are the same.
#include "ingest/rollup_table.h"
#include "store/database.h"

#include <cstdint>
#include <vector>

namespace siphon::ingest {

class EntityTotalsUpdate {
public:
    struct Add {
        int64_t id;
        RollupSums sums;
        int64_t firstHour, lastHour;
    };

    explicit EntityTotalsUpdate(store::Database& db) : db_(db) {}
    Status prepare();
    // Merges the adds of each id, then adds them to their rows.
    Status apply(std::vector<Add>& adds);
    // Sorts by id and merges the adds of each id into one.
    static void mergeById(std::vector<Add>& adds);

    static constexpr int kRowsPerStatement = 32;

private:
    Status run(store::Statement& st, const Add* adds, int rows);

    store::Database& db_;
    store::Statement many_, one_;
};

} // namespace siphon::ingest
