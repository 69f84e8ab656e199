#include "warehouse_io/feature_pass.h"

#include "warehouse_io/connection.h"
#include "warehouse/extract_store.h"

#include "util/hash.h"
#include "util/time_util.h"

namespace siphon::warehouse {

namespace {

ExtractProvenance provenanceOf(const FeaturePassOptions& o, const std::string& query) {
    ExtractProvenance p;
    p.level = o.sql.level;
    p.engine = std::string(engineName(o.sql.engine));
    p.url = o.url.redacted;
    p.table = o.sql.table;
    p.mappingJson = o.sql.mapping.toJson();
    p.query = query;
    p.querySha256 = Sha256::hex(query);
    p.author = o.author;
    return p;
}

} // namespace

Result<FeaturePassSummary> runFeaturePass(store::Database& db, const FeaturePassOptions& o) {
    if (o.sql.engine != o.url.engine) return makeError(ErrorCode::Usage, "--engine and --url name different engines");
    auto sql = generateFeatureSql(o.sql);
    if (!sql) return sql.error();
    auto conn = connectWarehouse(o.url, o.timeoutSeconds);
    if (!conn) return conn.error();
    auto version = (*conn)->serverVersion();
    if (!version) return version.error();
    ExtractProvenance p = provenanceOf(o, sql->featureQuery);
    p.serverVersion = *version;
    p.startedAtUs = timeutil::nowUs();
    auto result = (*conn)->query(sql->featureQuery);
    if (!result) return result.error();
    p.finishedAtUs = timeutil::nowUs();
    p.resultSha256 = result->sha256;
    auto extract = extractFromResult(*result);
    if (!extract) return extract.error();
    auto id = storeExtract(db, p, *extract);
    if (!id) return id.error();
    FeaturePassSummary s;
    s.extractId = *id;
    s.entities = static_cast<int64_t>(extract->rows.size());
    s.serverVersion = p.serverVersion;
    s.querySha256 = p.querySha256;
    s.resultSha256 = p.resultSha256;
    s.seconds = static_cast<double>(p.finishedAtUs - p.startedAtUs) / 1e6;
    return s;
}

} // namespace siphon::warehouse
