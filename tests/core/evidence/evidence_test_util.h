#pragma once
// A small case for evidence tests: tests/fixtures/evidence/traffic.csv imported (accounts evil-1,
// evil-2, acme; hostile prompts in evil-1's first hours) plus hand-written analysis rows
// (scores, features, one cluster of evil-1 + evil-2) so tests do not depend on the analyzer.
#include "evidence/audit_log.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

namespace siphon::test {

inline store::Database makeEvidenceCase(const std::string& path) {
    auto db = store::openCase(path, store::CaseAccess::CreateWrite);
    REQUIRE(db.ok());
    ingest::ImportOptions opt;
    auto sum = ingest::importFiles(*db, {fixture("evidence/traffic.csv")}, opt);
    REQUIRE(sum.ok());
    REQUIRE(db->exec(
               "INSERT INTO analysis_run(id,level,started_at_us,finished_at_us,config_version,config_json,entities,requests)"
               " VALUES (1,0,1767225600000000,1767225601000000,'test-config-1','{}',3,444);"
               "INSERT INTO cluster(id,level,run_id,score,flagged,size,requests,input_tokens,output_tokens,reasons)"
               " VALUES (1,0,1,0.9,1,2,432,1,1,'2 accounts share 203.0.113.0/24');"
               "INSERT INTO cluster_member(cluster_id, level, entity) VALUES (1,0,'evil-1'),(1,0,'evil-2');"
               "INSERT INTO entity_score VALUES (0,'evil-1',1,0.93,1,1,216,1,1,0,0,1767600000000000,'request',"
               " '92% of prompts share 3 templates; 24/7 activity with no diurnal cycle');"
               "INSERT INTO entity_feature VALUES (0,'evil-1','template_share',0.92,1,0.12,8.1,0.35,"
               " '92% of prompts share 3 templates (peer median 12%)');")
                .ok());
    return std::move(*db);
}

} // namespace siphon::test
