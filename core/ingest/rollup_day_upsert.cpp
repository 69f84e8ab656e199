#include "ingest/rollup_day_upsert.h"

#include <string>

namespace siphon::ingest {

namespace {

// An upsert of `rows` rows (day, entity, hours, minutes).
std::string upsertSql(int rows) {
    std::string sql = "INSERT INTO rollup_day(day_us, entity_id, hours, minutes) VALUES ";
    for (int r = 0; r < rows; ++r) {
        const int p = r * 4;
        sql += (r ? ",(?" : "(?") + std::to_string(p + 1) + ",?" + std::to_string(p + 2) + ",?" +
               std::to_string(p + 3) + ",?" + std::to_string(p + 4) + ")";
    }
    return sql + " ON CONFLICT(day_us, entity_id) DO UPDATE SET hours = siphon_merge_hours(hours, excluded.hours),"
                 " minutes = siphon_merge_minutes(minutes, excluded.minutes)";
}

} // namespace

Status RollupDayUpsert::prepare() {
    auto many = db_.prepare(upsertSql(kRowsPerStatement));
    if (!many) return many.error();
    many_ = std::move(many.value());
    auto one = db_.prepare(upsertSql(1));
    if (!one) return one.error();
    one_ = std::move(one.value());
    return {};
}

Status RollupDayUpsert::run(store::Statement& st, const Row* rows, int count) {
    for (int r = 0; r < count; ++r) {
        const int p = r * 4;
        st.bind(p + 1, rows[r].day).bind(p + 2, rows[r].entity);
        st.bindStaticBlob(p + 3, rows[r].hours).bindStaticBlob(p + 4, rows[r].minutes);
    }
    Status s = st.run();
    st.reset();
    return s;
}

Status RollupDayUpsert::apply(const std::vector<Row>& rows) {
    size_t at = 0;
    for (; at + kRowsPerStatement <= rows.size(); at += kRowsPerStatement)
        if (Status s = run(many_, &rows[at], kRowsPerStatement); !s) return s;
    for (; at < rows.size(); ++at)
        if (Status s = run(one_, &rows[at], 1); !s) return s;
    return {};
}

} // namespace siphon::ingest
