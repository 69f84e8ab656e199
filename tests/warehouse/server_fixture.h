#pragma once
// The real servers the fixture started (scripts/services/test-servers.sh, named by the
// SIPHON_WAREHOUSE_STATE environment variable), and the generated case's requests loaded into
// them: a Distributed table over a MergeTree table on each ClickHouse shard, and a PostgreSQL table.
#include "warehouse_test_util.h"

#include "warehouse/warehouse_mapping.h"

#include <string>
#include <vector>

namespace siphon::test {

struct Servers {
    std::string missing;                  // non-empty: binaries not installed (developer machine)
    std::vector<int> clickhousePorts;     // HTTP, one per shard
    int postgresPort = 0;
    std::string clickhouseUrl(const std::string& user = {}, const std::string& password = {}) const;
    std::string postgresUrl(const std::string& password = "siphon-test") const;
};

// Reads the fixture's state file; FAILs the test when it is absent or (under CI) names missing binaries.
Servers servers();

// Creates `requests` (and the slow_requests view used by the timeout tests) on both engines from
// the case's request rows, dropping what an earlier run left.
void loadRequests(const Servers& s, const GeneratedCase& c);

// The mappings of the loaded tables: ClickHouse stores microseconds (its 18.16 DateTime has whole
// seconds only), PostgreSQL a timestamptz.
warehouse::WarehouseMapping clickhouseMapping();
warehouse::WarehouseMapping postgresMapping();

} // namespace siphon::test
