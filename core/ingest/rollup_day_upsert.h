#pragma once
// Upserts one transaction's `rollup_day` rows many per statement, in primary-key order: a row
// whose (day, entity) is new is inserted, one already there has its blobs merged in SQL
// (rollup_merge_function.h). About three rows per request on narrow logs (five entity levels,
// most IPs and keys seen once a day), so one statement per row was a large part of the writer.
#include "store/database.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace siphon::ingest {

class RollupDayUpsert {
public:
    struct Row {
        int64_t day;
        int64_t entity;
        std::string_view hours, minutes;   // must stay valid through apply()
    };

    explicit RollupDayUpsert(store::Database& db) : db_(db) {}
    Status prepare();
    // `rows` in (day, entity) order.
    Status apply(const std::vector<Row>& rows);

    static constexpr int kRowsPerStatement = 32;

private:
    Status run(store::Statement& st, const Row* rows, int count);

    store::Database& db_;
    store::Statement many_, one_;
};

} // namespace siphon::ingest
