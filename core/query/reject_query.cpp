#include "query/reject_query.h"

#include "query/sql_util.h"

#include <algorithm>

namespace siphon::query {

Result<std::vector<RejectRow>> loadRejects(const store::Database& db, const std::vector<int64_t>& sourceIds,
                                           size_t limit) {
    const size_t n = std::min(sourceIds.size(), detail::kMaxInList);
    std::string sql = "SELECT j.id, s.display_name, j.line, j.byte_offset, j.reason, coalesce(substr(j.raw, 1, 200), '')"
                      " FROM reject j JOIN source_file s ON s.id = j.source_file_id";
    if (n > 0) sql += " WHERE j.source_file_id IN (" + detail::placeholders(n) + ")";
    sql += " ORDER BY j.source_file_id, j.byte_offset LIMIT ?";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    int p = 1;
    for (size_t i = 0; i < n; ++i) st->bind(p++, sourceIds[i]);
    st->bind(p, static_cast<int64_t>(limit));
    std::vector<RejectRow> out;
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row)
        out.push_back({st->columnInt(0), st->columnText(1), st->columnInt(2), st->columnInt(3), st->columnText(4),
                       st->columnText(5)});
    if (r == store::StepResult::Error) return db.lastError("rejects");
    return out;
}

} // namespace siphon::query
