#include "query/request_query.h"

#include "query/sql_util.h"

#include <algorithm>
#include <unordered_map>

namespace siphon::query {
namespace {
using store::StepResult;

// Every request column shown in the detail pane; a fixed list, never from input.
constexpr const char* kDetailColumns[] = {
    "id", "ts_start_us", "ts_end_us", "ts_precision_us", "latency_ms", "provider", "org_id", "project_id",
    "api_key_id", "api_key_label", "principal", "end_user_id", "source_ip", "source_ip_masked", "user_agent",
    "region", "model", "model_requested", "endpoint", "request_id", "correlation_id", "input_tokens",
    "output_tokens", "cached_read_tokens", "cache_write_tokens", "reasoning_tokens", "request_bytes",
    "response_bytes", "status_code", "error_code", "is_stream", "cost_usd", "record_key", "source_format",
    "line", "byte_offset", "byte_length", "source_file_id"};
} // namespace

std::string ftsQueryFromUserText(const std::string& text) {
    std::string out, word;
    auto flush = [&] {
        if (word.empty()) return;
        bool prefix = false;
        if (word.size() > 1 && word.back() == '*') {
            prefix = true;
            word.pop_back();
        }
        std::string quoted = "\"";
        for (char c : word) {
            if (c == '"') quoted += '"';
            quoted += c;
        }
        quoted += '"';
        if (prefix) quoted += '*';
        if (!out.empty()) out += ' ';
        out += quoted;
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') flush();
        else word += c;
    }
    flush();
    return out;
}

Result<RequestIndex> loadRequestIndex(const store::Database& db, const RequestFilter& f) {
    const size_t n = std::min(f.entities.size(), detail::kMaxInList);
    const std::string fts = ftsQueryFromUserText(f.search);
    std::string sql = "SELECT id FROM request WHERE 1";
    if (n > 0) {
        sql += " AND ";
        sql += levelInfo(f.level).column;   // allow-listed column name
        sql += " IN (" + detail::placeholders(n) + ")";
    }
    if (f.fromUs) sql += " AND ts_start_us >= ?";
    if (f.toUs) sql += " AND ts_start_us < ?";
    if (!fts.empty()) sql += " AND id IN (SELECT rowid FROM request_fts WHERE request_fts MATCH ?)";
    sql += " ORDER BY ts_start_us, id LIMIT ?";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    int p = 1;
    for (size_t i = 0; i < n; ++i) st->bind(p++, f.entities[i]);
    if (f.fromUs) st->bind(p++, *f.fromUs);
    if (f.toUs) st->bind(p++, *f.toUs);
    if (!fts.empty()) st->bind(p++, fts);
    st->bind(p++, static_cast<int64_t>(f.maxRows) + 1);
    RequestIndex out;
    StepResult r;
    while ((r = st->step()) == StepResult::Row) out.ids.push_back(st->columnInt(0));
    if (r == StepResult::Error) return db.lastError("request index");
    if (out.ids.size() > f.maxRows) {
        out.ids.resize(f.maxRows);
        out.truncated = true;
    }
    return out;
}

Result<std::vector<RequestRow>> loadRequestRows(const store::Database& db, const std::vector<int64_t>& ids) {
    std::unordered_map<int64_t, RequestRow> found;
    for (size_t begin = 0; begin < ids.size(); begin += detail::kMaxInList) {
        const size_t n = std::min(detail::kMaxInList, ids.size() - begin);
        auto st = db.prepare("SELECT r.id, r.ts_start_us, coalesce(r.org_id,''), coalesce(r.api_key_id,''),"
                             " coalesce(r.principal,''), coalesce(r.source_ip,''), coalesce(r.model,''),"
                             " coalesce(r.endpoint,''), r.input_tokens, r.output_tokens, r.status_code, r.latency_ms,"
                             " coalesce(substr(c.prompt, 1, 160), '')"
                             " FROM request r LEFT JOIN request_content c ON c.request_id = r.id"
                             " WHERE r.id IN (" + detail::placeholders(n) + ")");
        if (!st) return st.error();
        for (size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 1), ids[begin + i]);
        StepResult r;
        while ((r = st->step()) == StepResult::Row) {
            RequestRow row;
            row.id = st->columnInt(0);
            row.tsUs = st->columnInt(1);
            row.account = st->columnText(2);
            row.key = st->columnText(3);
            row.user = st->columnText(4);
            row.ip = st->columnText(5);
            row.model = st->columnText(6);
            row.endpoint = st->columnText(7);
            row.inputTokens = st->columnOptInt(8);
            row.outputTokens = st->columnOptInt(9);
            row.statusCode = st->columnOptInt(10);
            row.latencyMs = st->columnOptDouble(11);
            row.promptPreview = st->columnText(12);
            found.emplace(row.id, std::move(row));
        }
        if (r == StepResult::Error) return db.lastError("request rows");
    }
    std::vector<RequestRow> out;
    out.reserve(ids.size());
    for (auto id : ids)
        if (auto it = found.find(id); it != found.end()) out.push_back(it->second);
    return out;
}

Result<std::optional<RequestDetail>> loadRequestDetail(const store::Database& db, int64_t requestId) {
    std::string sql = "SELECT ";
    bool first = true;
    for (const char* c : kDetailColumns) {
        if (!first) sql += ", ";
        sql += c;
        first = false;
    }
    sql += " FROM request WHERE id = ?";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, requestId);
    auto r = st->step();
    if (r == StepResult::Error) return db.lastError("request");
    if (r == StepResult::Done) return std::optional<RequestDetail>{};
    RequestDetail d;
    d.id = requestId;
    int64_t sourceId = 0;
    for (int i = 0; i < static_cast<int>(std::size(kDetailColumns)); ++i) {
        const std::string name = kDetailColumns[i];
        d.fields.emplace_back(name, st->columnIsNull(i) ? std::string() : st->columnText(i));
        if (name == "line") d.line = st->columnInt(i);
        if (name == "byte_offset") d.byteOffset = st->columnInt(i);
        if (name == "byte_length") d.byteLength = st->columnInt(i);
        if (name == "source_file_id") sourceId = st->columnInt(i);
    }
    auto c = db.prepare("SELECT prompt, response FROM request_content WHERE request_id = ?");
    if (!c) return c.error();
    c->bind(1, requestId);
    if (c->step() == StepResult::Row) {
        if (!c->columnIsNull(0)) d.prompt = c->columnText(0);
        if (!c->columnIsNull(1)) d.response = c->columnText(1);
    }
    auto raw = db.prepare("SELECT raw FROM request_raw WHERE request_id = ?");
    if (!raw) return raw.error();
    raw->bind(1, requestId);
    if (raw->step() == StepResult::Row) d.raw = raw->columnText(0);
    auto src = db.prepare("SELECT path, sha256, format FROM source_file WHERE id = ?");
    if (!src) return src.error();
    src->bind(1, sourceId);
    if (src->step() == StepResult::Row) {
        d.sourcePath = src->columnText(0);
        d.sourceSha256 = src->columnText(1);
        d.sourceFormat = src->columnText(2);
    }
    return std::optional<RequestDetail>{std::move(d)};
}

} // namespace siphon::query
