// siphon-cli warehouse sql|features: the first pass where the logs live. `sql` prints the
// per-entity feature SQL for an engine; `features` runs it on ClickHouse or PostgreSQL and stores
// the one-row-per-entity extract in the case with its provenance (cmd_warehouse_features.cpp).
#include "cli_args.h"
#include "commands.h"
#include "cmd_warehouse.h"

#include "analysis/detector_config.h"
#include "warehouse/feature_sql.h"

#include <cstdio>
#include <cstring>

namespace siphon::cli {

Result<warehouse::FeatureSqlOptions> warehouseSqlOptions(const Args& args) {
    warehouse::FeatureSqlOptions o;
    const auto engine = warehouse::engineFromName(args.valueOr("--engine", ""));
    if (!engine) return makeError(ErrorCode::Usage, "--engine must be clickhouse, postgres, sqlite, bigquery, spark or trino");
    o.engine = *engine;
    const auto level = levelFromName(args.valueOr("--level", "account"));
    if (!level) return makeError(ErrorCode::Usage, "--level must be account, project, key, user or ip");
    o.level = *level;
    if (auto path = args.value("--mapping")) {
        auto m = warehouse::WarehouseMapping::load(*path);
        if (!m) return m.error();
        o.mapping = std::move(*m);
    }
    o.table = args.valueOr("--table", "requests");
    o.batchEndpointMarkers = analysis::defaultDetectorConfig().batchEndpointMarkers;
    return o;
}

namespace {

int cmdWarehouseSql(int argc, char** argv) {
    CommandSpec spec{{"--engine", "--level", "--mapping", "--table"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 3, spec, err);
    if (!args) return usageError(err);
    if (!args->positional().empty()) return usageError("warehouse sql takes no positional arguments");
    auto opt = warehouseSqlOptions(*args);
    if (!opt) return opt.error().code == ErrorCode::Usage && opt.error().file.empty() ? usageError(opt.error().message)
                                                                                       : fatalError(opt.error().describe());
    auto sql = warehouse::generateFeatureSql(*opt);
    if (!sql) return usageError(sql.error().message);
    const std::string engine(warehouse::engineName(opt->engine));
    std::printf("-- siphon per-entity features (%s, level %s); one row per entity\n%s;\n", engine.c_str(),
                std::string(levelInfo(opt->level).name).c_str(), sql->featureQuery.c_str());
    if (sql->sampleQuery.empty())
        std::printf("\n-- text sample: the mapping has no prompt column, so no text features\n");
    else
        std::printf("\n-- text sample for template/reasoning features (bounded per entity)\n%s;\n", sql->sampleQuery.c_str());
    return kExitOk;
}

} // namespace

int cmdWarehouse(int argc, char** argv) {
    const char* sub = argc >= 3 ? argv[2] : "";
    if (std::strcmp(sub, "sql") == 0) return cmdWarehouseSql(argc, argv);
    if (std::strcmp(sub, "features") == 0) return cmdWarehouseFeatures(argc, argv);
    return usageError("warehouse needs a subcommand: sql or features");
}

} // namespace siphon::cli
