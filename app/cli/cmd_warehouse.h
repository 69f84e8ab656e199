#pragma once
// Shared by the warehouse subcommands: the SQL options from --engine/--level/--mapping/--table.
#include "cli_args.h"

#include "warehouse/feature_sql.h"

namespace siphon::cli {

Result<warehouse::FeatureSqlOptions> warehouseSqlOptions(const Args& args);
int cmdWarehouseFeatures(int argc, char** argv);

} // namespace siphon::cli
