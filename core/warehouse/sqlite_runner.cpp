#include "warehouse/sqlite_runner.h"

#include <sqlite3.h>

namespace siphon::warehouse {

Result<ExtractTable> runSqliteFeatures(const store::Database& db, const std::string& query) {
    auto st = db.prepare(query);
    if (!st) return st.error();
    ExtractTable t;
    const int n = sqlite3_column_count(st->handle());
    for (int i = 0; i < n; ++i) t.columns.emplace_back(sqlite3_column_name(st->handle(), i));
    if (Status s = checkExtractColumns(t.columns); !s) return s.error();
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        ExtractRow row;
        row.entity = st->columnText(0);
        for (int i = 1; i < n; ++i) {
            if (st->columnIsNull(i)) row.values.emplace_back(std::nullopt);
            else row.values.emplace_back(sqlite3_column_double(st->handle(), i));
        }
        t.rows.push_back(std::move(row));
    }
    if (r == store::StepResult::Error) return db.lastError("running the feature query");
    return t;
}

} // namespace siphon::warehouse
