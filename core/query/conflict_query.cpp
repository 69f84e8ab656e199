#include "query/conflict_query.h"

namespace siphon::query {

namespace {

constexpr const char* kSql =
    "SELECT c.record_key,"
    " a.id, sa.display_name, sa.sha256, a.line, a.byte_offset, a.byte_length, a.ts_start_us,"
    " b.id, sb.display_name, sb.sha256, b.line, b.byte_offset, b.byte_length, b.ts_start_us"
    " FROM conflict c"
    " JOIN request a ON a.id = c.other_request_id JOIN source_file sa ON sa.id = a.source_file_id"
    " JOIN request b ON b.id = c.request_id JOIN source_file sb ON sb.id = b.source_file_id"
    " ORDER BY c.record_key, a.id, b.id LIMIT ?";

ConflictSide readSide(const store::Statement& st, int at) {
    return {st.columnInt(at), st.columnText(at + 1), st.columnText(at + 2), st.columnInt(at + 3),
            st.columnInt(at + 4), st.columnInt(at + 5), st.columnInt(at + 6)};
}

} // namespace

Result<std::vector<ConflictRow>> loadConflicts(const store::Database& db, size_t limit) {
    auto st = db.prepare(kSql);
    if (!st) return st.error();
    st->bind(1, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    std::vector<ConflictRow> out;
    for (;;) {
        const auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading conflicts");
        out.push_back({st->columnText(0), readSide(*st, 1), readSide(*st, 8)});
    }
    return out;
}

} // namespace siphon::query
