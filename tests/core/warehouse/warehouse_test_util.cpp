#include "warehouse_test_util.h"

#include "analysis/analyzer.h"
#include "analysis/features/features.h"
#include "analysis/profile_accumulator.h"
#include "generate/generator.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "warehouse/feature_sql.h"

#include <catch2/catch.hpp>

#include <cmath>

namespace siphon::test {

void buildGeneratedCase(GeneratedCase& c, int accounts, int days) {
    generate::GenerateOptions g;
    g.outDir = c.dir.file("logs");
    g.seed = 11;
    g.accounts = accounts;
    g.days = days;
    auto gen = generate::generate(g);
    REQUIRE(gen.ok());
    for (const auto& f : gen->files)
        if (f.format == "generic_csv") c.csvFiles.push_back(g.outDir + "/" + f.path);
    REQUIRE(!c.csvFiles.empty());
    c.path = c.dir.file("case.siphon");
    auto db = store::openCase(c.path, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    auto imported = ingest::importFiles(*db, c.csvFiles, {});
    REQUIRE(imported.ok());
    for (EntityLevel level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
        analysis::AnalysisOptions o;
        o.level = level;
        REQUIRE(analysis::runAnalysis(*db, o).ok());
    }
}

namespace {

analysis::RequestRow readRequest(const store::Statement& st) {
    analysis::RequestRow r;
    r.tsUs = st.columnInt(1);
    r.precisionUs = st.columnInt(2);
    r.inputTokens = st.columnOptInt(3);
    r.outputTokens = st.columnOptInt(4);
    r.cachedReadTokens = st.columnOptInt(5);
    r.statusCode = st.columnOptInt(6);
    r.endpoint = st.columnView(7);
    r.sourceIp = st.columnView(8);
    r.userAgent = st.columnView(9);
    return r;
}

void addFeatures(FeatureMap& out, analysis::ProfileAccumulator& acc) {
    const analysis::EntityProfile p = acc.finish();
    const auto& wanted = warehouse::extractFeatureColumns();
    for (const auto& f : analysis::computeFeatures(p))
        if (std::find(wanted.begin(), wanted.end(), f.name) != wanted.end()) out[p.entity][f.name] = f.value;
}

} // namespace

// The analyzer's own path: each entity's requests in time order through ProfileAccumulator, then
// computeFeatures (entity_feature is not used: an entity judged since its onset stores the
// features of that segment, not of all its traffic, which is what the extract describes).
FeatureMap appFeatures(const store::Database& db, EntityLevel level) {
    FeatureMap out;
    const std::string col(levelInfo(level).column);
    auto start = db.queryInt("SELECT min(ts_start_us) FROM request");
    REQUIRE(start.ok());
    auto st = db.prepare("SELECT " + col + ", ts_start_us, ts_precision_us, input_tokens, output_tokens, cached_read_tokens,"
                         " status_code, endpoint, source_ip, user_agent FROM request WHERE " + col +
                         " IS NOT NULL ORDER BY " + col + ", ts_start_us");
    REQUIRE(st.ok());
    static const analysis::DetectorConfig cfg = analysis::defaultDetectorConfig();
    std::optional<analysis::ProfileAccumulator> acc;
    std::string current;
    while (st->step() == store::StepResult::Row) {
        if (!acc || st->columnView(0) != current) {
            if (acc) addFeatures(out, *acc);
            current = st->columnText(0);
            acc.emplace(cfg, current, *start, 0);
        }
        acc->add(readRequest(*st));
    }
    if (acc) addFeatures(out, *acc);
    return out;
}

FeatureMap extractFeatures(const warehouse::ExtractTable& t) {
    FeatureMap out;
    for (const auto& row : t.rows)
        for (const auto& f : warehouse::extractFeatureColumns())
            out[row.entity][f] = row.values[static_cast<size_t>(t.valueIndex(f))];
    return out;
}

namespace {
bool close(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= kFeatureTolerance * std::max({1.0, std::fabs(a), std::fabs(b)});
}
std::string show(const std::optional<double>& v) { return v ? std::to_string(*v) : std::string("n/a"); }
} // namespace

std::string compareFeatures(const FeatureMap& want, const FeatureMap& got) {
    if (want.size() != got.size())
        return "entities: app " + std::to_string(want.size()) + ", extract " + std::to_string(got.size());
    for (const auto& [entity, features] : want) {
        auto g = got.find(entity);
        if (g == got.end()) return "entity " + entity + " missing from the extract";
        for (const auto& [name, value] : features) {
            auto gv = g->second.find(name);
            const std::optional<double> other = gv == g->second.end() ? std::nullopt : gv->second;
            if (value.has_value() != other.has_value() || (value && !close(*value, *other)))
                return entity + " " + name + ": app " + show(value) + ", extract " + show(other);
        }
    }
    return {};
}

} // namespace siphon::test
