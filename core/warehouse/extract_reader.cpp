#include "warehouse/extract_reader.h"
#include "util/number_text.h"

#include "warehouse/feature_sql.h"

#include <unordered_map>

namespace siphon::warehouse {

namespace {

constexpr const char* kProvenanceColumns =
    "SELECT id, level, engine, server_version, url, table_name, mapping_json, query_text, query_sha256, row_count,"
    " started_at_us, finished_at_us, result_sha256, author FROM warehouse_extract";

StoredExtract readProvenance(const store::Statement& st) {
    StoredExtract e;
    e.id = st.columnInt(0);
    ExtractProvenance& p = e.provenance;
    p.level = static_cast<EntityLevel>(st.columnInt(1));
    p.engine = st.columnText(2);
    p.serverVersion = st.columnText(3);
    p.url = st.columnText(4);
    p.table = st.columnText(5);
    p.mappingJson = st.columnText(6);
    p.query = st.columnText(7);
    p.querySha256 = st.columnText(8);
    e.rowCount = st.columnInt(9);
    p.startedAtUs = st.columnInt(10);
    p.finishedAtUs = st.columnInt(11);
    p.resultSha256 = st.columnText(12);
    p.author = st.columnText(13);
    return e;
}

Result<std::optional<StoredExtract>> firstProvenance(const store::Database& db, const std::string& sql, int64_t arg) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, arg);
    const store::StepResult r = st->step();
    if (r == store::StepResult::Error) return db.lastError("reading a warehouse extract");
    if (r != store::StepResult::Row) return std::optional<StoredExtract>{};
    return std::optional<StoredExtract>{readProvenance(*st)};
}

// Rows in entity order, values placed by column name.
Status readValues(const store::Database& db, StoredExtract& e) {
    e.table.columns = extractColumns();
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 1; i < e.table.columns.size(); ++i) index[e.table.columns[i]] = i - 1;
    auto st = db.prepare("SELECT entity, column_name, value FROM warehouse_extract_value WHERE extract_id = ?1"
                         " ORDER BY entity");
    if (!st) return st.error();
    st->bind(1, e.id);
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        const std::string_view entity = st->columnView(0);
        if (e.table.rows.empty() || e.table.rows.back().entity != entity)
            e.table.rows.push_back({std::string(entity), std::vector<std::optional<double>>(index.size())});
        auto it = index.find(st->columnText(1));
        if (it != index.end()) e.table.rows.back().values[it->second] = st->columnOptDouble(2);
    }
    if (r == store::StepResult::Error) return db.lastError("reading a warehouse extract's values");
    return {};
}

} // namespace

Result<std::optional<StoredExtract>> latestExtract(const store::Database& db, EntityLevel level, int64_t moreRowsThan) {
    auto e = firstProvenance(db, std::string(kProvenanceColumns) + " WHERE level = ?1 ORDER BY id DESC LIMIT 1",
                             static_cast<int64_t>(level));
    if (!e || !*e) return e;
    if ((*e)->rowCount <= moreRowsThan) return std::optional<StoredExtract>{};
    if (Status s = readValues(db, **e); !s) return s.error();
    return e;
}

Result<std::optional<StoredExtract>> extractProvenance(const store::Database& db, int64_t id) {
    return firstProvenance(db, std::string(kProvenanceColumns) + " WHERE id = ?1", id);
}

std::string describeExtract(const StoredExtract& e) {
    const ExtractProvenance& p = e.provenance;
    return "warehouse extract " + std::to_string(e.id) + " (" + p.engine + " " + p.serverVersion + ", table " +
        p.table + ", " + util::groupThousands(e.rowCount) + " rows, query SHA-256 " + p.querySha256.substr(0, 12) + "…)";
}

} // namespace siphon::warehouse
