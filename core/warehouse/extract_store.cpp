#include "warehouse/extract_store.h"

#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"

namespace siphon::warehouse {

namespace {

Result<int64_t> insertProvenance(store::Database& db, const ExtractProvenance& p, int64_t rows) {
    auto st = db.prepare(
        "INSERT INTO warehouse_extract (level, engine, server_version, url, table_name, mapping_json, query_text,"
        " query_sha256, row_count, started_at_us, finished_at_us, result_sha256, author)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(p.level)).bind(2, p.engine).bind(3, p.serverVersion).bind(4, p.url).bind(5, p.table);
    st->bind(6, p.mappingJson).bind(7, p.query).bind(8, p.querySha256).bind(9, rows).bind(10, p.startedAtUs);
    st->bind(11, p.finishedAtUs).bind(12, p.resultSha256).bind(13, p.author);
    if (Status s = st->run(); !s) return s.error();
    return db.lastInsertRowId();
}

Status insertValues(store::Database& db, int64_t id, const ExtractTable& t) {
    auto st = db.prepare("INSERT INTO warehouse_extract_value (extract_id, entity, column_name, value) VALUES (?,?,?,?)");
    if (!st) return st.error();
    for (const auto& row : t.rows)
        for (size_t i = 0; i < row.values.size(); ++i) {
            st->reset();
            st->bind(1, id).bind(2, row.entity).bind(3, t.columns[i + 1]).bind(4, row.values[i]);
            if (Status s = st->run(); !s) return s;
        }
    return {};
}

QJsonObject auditPayload(const ExtractProvenance& p, int64_t id, int64_t rows) {
    auto q = [](const std::string& s) { return QString::fromStdString(s); };
    QJsonObject o;
    o[QStringLiteral("extract_id")] = static_cast<double>(id);
    o[QStringLiteral("level")] = q(std::string(levelInfo(p.level).name));
    o[QStringLiteral("engine")] = q(p.engine);
    o[QStringLiteral("server_version")] = q(p.serverVersion);
    o[QStringLiteral("url")] = q(p.url);   // already without password
    o[QStringLiteral("table")] = q(p.table);
    o[QStringLiteral("query_sha256")] = q(p.querySha256);
    o[QStringLiteral("result_sha256")] = q(p.resultSha256);
    o[QStringLiteral("rows")] = static_cast<double>(rows);
    o[QStringLiteral("started_at_us")] = static_cast<double>(p.startedAtUs);
    o[QStringLiteral("finished_at_us")] = static_cast<double>(p.finishedAtUs);
    return o;
}

} // namespace

Result<int64_t> storeExtract(store::Database& db, const ExtractProvenance& p, const ExtractTable& t) {
    if (p.author.empty()) return makeError(ErrorCode::Usage, "storing an extract needs an author (--by)");
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    const int64_t rows = static_cast<int64_t>(t.rows.size());
    auto id = insertProvenance(db, p, rows);
    if (!id) return id.error();
    if (Status s = insertValues(db, *id, t); !s) return s.error();
    if (auto a = evidence::appendAudit(db, p.author, "warehouse-features", auditPayload(p, *id, rows)); !a) return a.error();
    if (Status s = tx.commit(); !s) return s.error();
    (void)evidence::writeChainAnchor(db);
    return *id;
}

} // namespace siphon::warehouse
