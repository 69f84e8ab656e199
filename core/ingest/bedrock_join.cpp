#include "ingest/bedrock_join.h"

#include "store/rollup_adjust.h"
#include "store/statement_cache.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace siphon::ingest {

namespace {

constexpr const char* kMarkKey = "bedrock_join_mark";

// Call pairs with a row added since the mark, on either side. Both read the formats' partial
// indexes only: a case without Bedrock rows costs nothing, and no request row is read.
constexpr const char* kNewPairs =
    "SELECT c.id, i.id FROM request i INDEXED BY request_invocation_call JOIN request c INDEXED BY "
    "request_cloudtrail_call"
    "  ON c.request_id = i.request_id AND c.source_format = 'aws_cloudtrail'"
    " WHERE i.id > ?1 AND i.source_format = 'bedrock_invocation' AND i.request_id IS NOT NULL"
    " UNION"
    " SELECT c.id, i.id FROM request c INDEXED BY request_cloudtrail_call JOIN request i INDEXED BY "
    "request_invocation_call"
    "  ON i.request_id = c.request_id AND i.source_format = 'bedrock_invocation'"
    " WHERE c.id > ?1 AND c.source_format = 'aws_cloudtrail' AND c.request_id IS NOT NULL"
    " ORDER BY 2, 1";

// The invocation keeps what it says; the event fills what it lacks (IP, user agent, access key).
constexpr const char* kMerge =
    "UPDATE request AS i SET org_id = coalesce(i.org_id, c.org_id), project_id = coalesce(i.project_id, c.project_id),"
    " api_key_id = coalesce(i.api_key_id, c.api_key_id), api_key_label = coalesce(i.api_key_label, c.api_key_label),"
    " principal = coalesce(i.principal, c.principal), end_user_id = coalesce(i.end_user_id, c.end_user_id),"
    " source_ip_masked = CASE WHEN i.source_ip IS NULL THEN c.source_ip_masked ELSE i.source_ip_masked END,"
    " source_ip = coalesce(i.source_ip, c.source_ip), user_agent = coalesce(i.user_agent, c.user_agent),"
    " region = coalesce(i.region, c.region), model = coalesce(i.model, c.model),"
    " model_requested = coalesce(i.model_requested, c.model_requested), endpoint = coalesce(i.endpoint, c.endpoint),"
    " correlation_id = coalesce(i.correlation_id, c.correlation_id), status_code = coalesce(i.status_code, "
    "c.status_code),"
    " error_code = coalesce(i.error_code, c.error_code), is_stream = coalesce(i.is_stream, c.is_stream)"
    " FROM request AS c WHERE i.id = ?1 AND c.id = ?2";

constexpr const char* kRecordJoin =
    "INSERT INTO request_join(request_id, source_file_id, line, byte_offset, byte_length, source_format, record_key,"
    " key_hash, content_hash, raw_copy)"
    " SELECT ?1, c.source_file_id, c.line, c.byte_offset, c.byte_length, c.source_format, c.record_key, c.key_hash,"
    " c.content_hash, (SELECT w.raw FROM request_raw_copy w WHERE w.request_id = c.id) FROM request c WHERE c.id = ?2";

// One request row as far as the join needs it.
struct Row {
    int64_t sourceFile = 0, line = 0, offset = 0, keyHash = 0, contentHash = 0;
    store::RollupRequest rollup;
};

// Per source file: rows that stopped being requests of their own, as joined or as duplicates.
struct Retired {
    int64_t joined = 0, duplicates = 0;
};

class JoinPass {
public:
    explicit JoinPass(store::Database& db) : db_(db), statements_(db), rollups_(db) {}
    Status run(int64_t mark);
    const BedrockJoinSummary& summary() const { return summary_; }

private:
    Result<std::vector<std::pair<int64_t, int64_t>>> pairs(int64_t mark);
    Result<std::optional<Row>> load(int64_t id);
    Result<bool> mustStayApart(int64_t event);
    Result<std::optional<std::pair<int64_t, int64_t>>> joinedEvent(int64_t call);
    Status joinPair(int64_t event, int64_t call);
    Status join(int64_t event, const Row& e, int64_t call);
    Status duplicate(int64_t event, const Row& e, int64_t call);
    Status retire(int64_t event, int64_t call);
    Status exec(const char* sql, int64_t a);
    Status exec(const char* sql, int64_t a, int64_t b);
    Status finish();

    store::Database& db_;
    store::StatementCache statements_;
    store::RollupAdjuster rollups_;
    BedrockJoinSummary summary_;
    std::map<int64_t, Retired> retired_;
};

Status JoinPass::exec(const char* sql, int64_t a) {
    auto st = statements_.get(sql);
    if (!st) return st.error();
    (*st)->bind(1, a);
    return (*st)->run();
}

Status JoinPass::exec(const char* sql, int64_t a, int64_t b) {
    auto st = statements_.get(sql);
    if (!st) return st.error();
    (*st)->bind(1, a).bind(2, b);
    return (*st)->run();
}

Result<std::vector<std::pair<int64_t, int64_t>>> JoinPass::pairs(int64_t mark) {
    auto st = db_.prepare(kNewPairs);
    if (!st) return st.error();
    st->bind(1, mark);
    std::vector<std::pair<int64_t, int64_t>> out;
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) out.emplace_back(st->columnInt(0), st->columnInt(1));
    if (r == store::StepResult::Error) return db_.lastError("finding CloudTrail events of Bedrock calls");
    return out;
}

Result<std::optional<Row>> JoinPass::load(int64_t id) {
    auto cached = statements_.get(
        "SELECT source_file_id, line, byte_offset, key_hash, content_hash, ts_start_us, coalesce(model, ''),"
        " coalesce(input_tokens, 0), coalesce(output_tokens, 0), coalesce(org_id, ''), coalesce(project_id, ''),"
        " coalesce(api_key_id, ''), coalesce(principal, ''), coalesce(source_ip, '') FROM request WHERE id = ?1");
    if (!cached) return cached.error();
    store::Statement* st = *cached;
    st->bind(1, id);
    const store::StepResult r = st->step();
    if (r == store::StepResult::Error) return db_.lastError("reading a request to join");
    if (r == store::StepResult::Done) return std::optional<Row>();
    Row row{st->columnInt(0), st->columnInt(1), st->columnInt(2), st->columnInt(3), st->columnInt(4), {}};
    row.rollup.tsUs = st->columnInt(5);
    row.rollup.model = st->columnText(6);
    row.rollup.inputTokens = st->columnInt(7);
    row.rollup.outputTokens = st->columnInt(8);
    for (int level = 0; level < 5; ++level) row.rollup.entities[static_cast<size_t>(level)] = st->columnText(9 + level);
    st->reset();
    return std::optional<Row>(std::move(row));
}

// A tag names the event's row, or a conflict pairs it with another: moving it would change what
// the audit log and the conflict list say, so it stays a row of its own.
Result<bool> JoinPass::mustStayApart(int64_t event) {
    auto cached =
        statements_.get("SELECT EXISTS(SELECT 1 FROM tag WHERE target_kind = 'request' AND request_row_id = ?1)"
                        " OR EXISTS(SELECT 1 FROM conflict WHERE request_id = ?1 OR other_request_id = ?1)");
    if (!cached) return cached.error();
    store::Statement* st = *cached;
    st->bind(1, event);
    if (st->step() != store::StepResult::Row) return db_.lastError("checking an event's tags and conflicts");
    const bool apart = st->columnInt(0) != 0;
    st->reset();
    return apart;
}

// The (key hash, content hash) of the event already joined into a call, if any.
Result<std::optional<std::pair<int64_t, int64_t>>> JoinPass::joinedEvent(int64_t call) {
    auto cached = statements_.get("SELECT key_hash, content_hash FROM request_join WHERE request_id = ?1");
    if (!cached) return cached.error();
    store::Statement* st = *cached;
    st->bind(1, call);
    const store::StepResult r = st->step();
    if (r == store::StepResult::Error) return db_.lastError("reading a join");
    std::optional<std::pair<int64_t, int64_t>> out;
    if (r == store::StepResult::Row) out.emplace(st->columnInt(0), st->columnInt(1));
    st->reset();
    return out;
}

Status JoinPass::joinPair(int64_t event, int64_t call) {
    auto e = load(event);
    if (!e) return e.error();
    if (!*e) return {}; // joined earlier in this pass (a call logged twice by the invocation log)
    auto apart = mustStayApart(event);
    if (!apart) return apart.error();
    auto earlier = joinedEvent(call);
    if (!earlier) return earlier.error();
    const bool copyOfJoined = *earlier && **earlier == std::pair((*e)->keyHash, (*e)->contentHash);
    if (*apart || (*earlier && !copyOfJoined)) {
        ++summary_.keptApart;
        return {};
    }
    return copyOfJoined ? duplicate(event, **e, call) : join(event, **e, call);
}

Status JoinPass::join(int64_t event, const Row& e, int64_t call) {
    auto before = load(call);
    if (!before) return before.error();
    if (!*before) return {};
    if (Status s = exec(kRecordJoin, call, event); !s) return s;
    if (Status s = exec(kMerge, call, event); !s) return s;
    auto after = load(call);
    if (!after) return after.error();
    rollups_.remove(e.rollup);
    rollups_.remove((*before)->rollup);
    rollups_.add((*after)->rollup);
    ++summary_.joined;
    ++retired_[e.sourceFile].joined;
    return retire(event, call);
}

Status JoinPass::duplicate(int64_t event, const Row& e, int64_t call) {
    auto st = db_.prepare("INSERT INTO duplicate(source_file_id, line, byte_offset, kind, first_row_id, reason)"
                          " VALUES(?1, ?2, ?3, 'request', ?4, ?5)");
    if (!st) return st.error();
    st->bind(1, e.sourceFile).bind(2, e.line).bind(3, e.offset).bind(4, call);
    st->bind(5, "same CloudTrail event as the one joined into request " + std::to_string(call));
    if (Status s = st->run(); !s) return s;
    rollups_.remove(e.rollup);
    ++summary_.duplicates;
    ++retired_[e.sourceFile].duplicates;
    return retire(event, call);
}

// The event's row goes; what pointed at it as a first copy now points at the call's row.
Status JoinPass::retire(int64_t event, int64_t call) {
    if (Status s = exec("INSERT INTO temp.bedrock_retired(event_id, call_id) VALUES(?1, ?2)", event, call); !s)
        return s;
    if (Status s = exec("DELETE FROM request_raw_copy WHERE request_id = ?1", event); !s) return s;
    if (Status s = exec("DELETE FROM request_text WHERE request_id = ?1", event); !s) return s;
    return exec("DELETE FROM request WHERE id = ?1", event);
}

// Counters per source file, duplicate pointers, rollups, and the mark for the next pass.
Status JoinPass::finish() {
    if (Status s = db_.exec("UPDATE duplicate SET first_row_id = (SELECT t.call_id FROM temp.bedrock_retired t"
                            " WHERE t.event_id = duplicate.first_row_id) WHERE kind = 'request' AND first_row_id IN"
                            " (SELECT event_id FROM temp.bedrock_retired)");
        !s)
        return s;
    for (const auto& [source, n] : retired_) {
        auto st = db_.prepare("UPDATE source_file SET requests = requests - ?2 - ?3, joined = joined + ?2,"
                              " duplicates = duplicates + ?3 WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, source).bind(2, n.joined).bind(3, n.duplicates);
        if (Status s = st->run(); !s) return s;
    }
    if (Status s = rollups_.apply(); !s) return s;
    // Rows get ids above the largest left (no AUTOINCREMENT), so this is where new rows start.
    auto st =
        db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, (SELECT coalesce(max(id), 0) FROM request))");
    if (!st) return st.error();
    st->bind(1, kMarkKey);
    return st->run();
}

Status JoinPass::run(int64_t mark) {
    auto found = pairs(mark);
    if (!found) return found.error();
    if (Status s =
            db_.exec("CREATE TEMP TABLE IF NOT EXISTS bedrock_retired(event_id INTEGER PRIMARY KEY, call_id INTEGER);"
                     " DELETE FROM temp.bedrock_retired");
        !s)
        return s;
    for (const auto& [event, call] : *found)
        if (Status s = joinPair(event, call); !s) return s;
    if (Status s = finish(); !s) return s;
    return db_.exec("DELETE FROM temp.bedrock_retired"); // a DROP would wait for the cached statements
}

Result<int64_t> currentMark(store::Database& db) {
    auto st = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, kMarkKey);
    return st->step() == store::StepResult::Row ? st->columnInt(0) : int64_t{0};
}

} // namespace

Result<BedrockJoinSummary> joinBedrockCalls(store::Database& db) {
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    auto mark = currentMark(db);
    if (!mark) return mark.error();
    auto newest = db.queryInt("SELECT coalesce(max(id), 0) FROM request");
    if (!newest) return newest.error();
    if (*newest <= *mark) return BedrockJoinSummary{}; // nothing added since the last pass
    BedrockJoinSummary summary;
    {
        JoinPass pass(db); // its statements end before the commit
        if (Status s = pass.run(*mark); !s) return s.error();
        summary = pass.summary();
    }
    if (Status s = tx.commit(); !s) return s.error();
    return summary;
}

} // namespace siphon::ingest
