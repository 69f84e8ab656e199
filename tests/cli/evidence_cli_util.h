#pragma once
// Shared setup for the evidence CLI tests: a case built through the CLI (import + tags) with
// hand-written analysis rows, and a runner for standard tools (unzip, sha256sum, openssl, ...).
#include "evidence/audit_log.h"
#include "shared_data.h"
#include "store/case_file.h"
#include "store/database.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <string>
#include <vector>

namespace siphon::test {

inline bool haveTool(const char* name) { return !QStandardPaths::findExecutable(QString::fromLatin1(name)).isEmpty(); }

// Ends the test when a standard tool (python3, openssl, unzip, pdftotext) is missing: a warning on
// a developer machine, a failure under CI (which installs them), so CI never passes unchecked.
#define SIPHON_SKIP_OR_FAIL_WITHOUT_TOOL(name)                                                                         \
    do {                                                                                                               \
        if (!::siphon::test::haveTool(name)) SIPHON_SKIP_OR_FAIL_WITHOUT_SHARED("the tool " name);                     \
    } while (false)

inline RunResult runTool(const std::string& program, const std::vector<std::string>& args, const std::string& cwd = {}) {
    QProcess p;
    QStringList list;
    for (const auto& a : args) list << QString::fromStdString(a);
    if (!cwd.empty()) p.setWorkingDirectory(QString::fromStdString(cwd));
    p.start(QString::fromStdString(program), list);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    RunResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

// Imports tests/fixtures/evidence/traffic.csv, adds analysis rows, tags two entities, a cluster
// and a time range through the CLI.
inline void buildTaggedCase(const std::string& casePath) {
    auto imp = runCli({"import", casePath, fixture("evidence/traffic.csv")});
    REQUIRE(imp.exitCode == 0);
    {
        // Opened as the CLI left it, never migrated: the same setup then also runs against an older
        // siphon-cli (SIPHON_TEST_CLI), whose case a migration would make unreadable to it.
        auto db = store::Database::open(casePath, store::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec(
                      "INSERT INTO analysis_run(id,level,started_at_us,finished_at_us,config_version,config_json,entities,requests)"
                      " VALUES (1,0,1767225600000000,1767225601000000,'test-config-1','{}',3,444);"
                      "INSERT INTO cluster(id,level,run_id,score,flagged,size,requests,input_tokens,output_tokens,reasons)"
                      " VALUES (1,0,1,0.9,1,2,432,1,1,'2 accounts share 203.0.113.0/24');"
                      "INSERT INTO cluster_member(cluster_id, level, entity) VALUES (1,0,'evil-1'),(1,0,'evil-2');"
                      "INSERT INTO entity_score VALUES (0,'evil-1',1,0.93,1,1,216,1,1,0,0,1767600000000000,'request',"
                      " '92% of prompts share 3 templates; 24/7 activity with no diurnal cycle');"
                      "INSERT INTO entity_score VALUES (0,'evil-2',1,0.91,1,1,216,1,1,0,0,NULL,'request',"
                      " 'output:input ratio 15x peers');")
                    .ok());
        // The run is on the record, as `analyze` would leave it (export refuses an unrecorded run).
        REQUIRE(evidence::appendAudit(*db, "test", "analyze",
                                      std::string(R"({"level":"account","run_id":1,"config_version":"test-config-1"})"))
                    .ok());
    }
    REQUIRE(runCli({"tag", casePath, "--entity", "evil-1", "--label", "confirmed extraction", "--note",
                    "templated <b>reasoning</b> prompts", "--by", "Ann Examiner"})
                .exitCode == 0);
    REQUIRE(runCli({"tag", casePath, "--entity", "key-e2", "--level", "key", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    REQUIRE(runCli({"tag", casePath, "--cluster", "1", "--label", "suspected", "--by", "Ann"}).exitCode == 0);
    REQUIRE(runCli({"tag", casePath, "--range", "acme", "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z", "--label",
                    "benign — explained", "--by", "Bob"})
                .exitCode == 0);
}

} // namespace siphon::test
