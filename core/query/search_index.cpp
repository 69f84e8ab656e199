#include "query/search_index.h"

namespace siphon::query {
namespace {
using store::StepResult;
constexpr const char* kWatermarkKey = "fts_prompt_indexed_up_to";
} // namespace

Result<PromptIndexState> promptIndexState(const store::Database& db) {
    PromptIndexState s;
    auto exists = db.queryInt("SELECT count(*) FROM sqlite_master WHERE name = 'request_fts'");
    if (!exists) return exists.error();
    s.exists = *exists > 0;
    // Walks back from the newest row: max() over the view would read every raw record.
    auto latest = db.queryInt("SELECT coalesce((SELECT request_id FROM request_content ORDER BY request_id DESC"
                              " LIMIT 1), 0)");
    if (!latest) return latest.error();
    s.latestContentId = *latest;
    auto st = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?");
    if (!st) return st.error();
    st->bind(1, kWatermarkKey);
    if (st->step() == StepResult::Row) s.indexedUpTo = st->columnInt(0);
    return s;
}

Status buildPromptIndex(store::Database& writer, const std::atomic<bool>* cancel,
                        const std::function<void(int64_t, int64_t)>& progress, int64_t batchRows) {
    if (auto s = writer.exec("CREATE VIRTUAL TABLE IF NOT EXISTS request_fts USING fts5("
                             "prompt, content='request_content', content_rowid='request_id')");
        !s)
        return s;
    auto state = promptIndexState(writer);
    if (!state) return state.error();
    int64_t from = state->exists ? state->indexedUpTo : 0;
    auto totalQ = writer.prepare("SELECT count(*) FROM request_content WHERE request_id > ?");
    if (!totalQ) return totalQ.error();
    totalQ->bind(1, from);
    const int64_t total = totalQ->step() == StepResult::Row ? totalQ->columnInt(0) : 0;
    int64_t done = 0;
    while (true) {
        if (cancel && cancel->load()) return makeError(ErrorCode::Cancelled, "prompt index build cancelled");
        auto upper = writer.prepare("SELECT max(request_id), count(*) FROM (SELECT request_id FROM request_content"
                                    " WHERE request_id > ? ORDER BY request_id LIMIT ?)");
        if (!upper) return upper.error();
        upper->bind(1, from).bind(2, batchRows);
        if (upper->step() != StepResult::Row || upper->columnIsNull(0)) break;
        const int64_t to = upper->columnInt(0);
        const int64_t n = upper->columnInt(1);
        store::Transaction tx(writer);
        if (!tx.began()) return tx.began();
        auto ins = writer.prepare("INSERT INTO request_fts(rowid, prompt) SELECT request_id, prompt"
                                  " FROM request_content WHERE request_id > ? AND request_id <= ? AND prompt IS NOT NULL");
        if (!ins) return ins.error();
        ins->bind(1, from).bind(2, to);
        if (auto s = ins->run(); !s) return s;
        auto mark = writer.prepare("INSERT INTO meta(key, value) VALUES (?, ?)"
                                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        if (!mark) return mark.error();
        mark->bind(1, kWatermarkKey).bind(2, std::to_string(to));
        if (auto s = mark->run(); !s) return s;
        if (auto s = tx.commit(); !s) return s;
        from = to;
        done += n;
        if (progress) progress(done, total);
    }
    // Record the watermark even when there was nothing to index, so the state reads "ready".
    auto mark = writer.prepare("INSERT INTO meta(key, value) VALUES (?, ?)"
                               " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!mark) return mark.error();
    mark->bind(1, kWatermarkKey).bind(2, std::to_string(from));
    return mark->run();
}

Status ensureRequestLevelIndex(store::Database& writer, EntityLevel level) {
    const auto& info = levelInfo(level);
    // Both names come from the fixed level table.
    // Same name and shape as the analyzer's index (request_<column>_ts), so only one exists.
    std::string sql = "CREATE INDEX IF NOT EXISTS request_";
    sql += info.column;
    sql += "_ts ON request(";
    sql += info.column;
    sql += ", ts_start_us)";
    return writer.exec(sql);
}

} // namespace siphon::query
