// Crash safety: an import killed with SIGKILL at several points leaves a case that opens, whose
// counters agree with its rows, that never counts a half file as complete, and that a re-run
// finishes with exactly the generator's expected totals.
#include "generate/generator.h"
#include "rollup_totals.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace siphon;

namespace {

int64_t q(const store::Database& db, const std::string& sql) {
    auto r = db.queryInt(sql);
    REQUIRE(r.ok());
    return *r;
}

pid_t spawnCli(const std::vector<std::string>& args) {
    std::vector<std::string> all = {test::cliPath()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    REQUIRE(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

// Requests committed so far, read through a separate read-only connection (WAL lets us).
int64_t committedRequests(const std::string& casePath) {
    auto db = store::openCase(casePath, store::CaseAccess::Read, 50);
    if (!db) return 0;
    auto n = db->queryInt("SELECT coalesce(sum(requests), 0) FROM source_file");
    return n ? *n : 0;
}

void checkConsistent(const std::string& casePath) {
    auto db = store::openCase(casePath, store::CaseAccess::Write);
    REQUIRE(db.ok());
    auto st = db->prepare("PRAGMA integrity_check");
    REQUIRE(st.ok());
    REQUIRE(st->step() == store::StepResult::Row);
    CHECK(st->columnText(0) == "ok");
    // Counters are written in the same transaction as the rows they count.
    CHECK(q(*db, "SELECT count(*) FROM source_file s WHERE requests <> (SELECT count(*) FROM request r"
                 " WHERE r.source_file_id = s.id)") == 0);
    CHECK(q(*db, "SELECT count(*) FROM source_file s WHERE rejects <> (SELECT count(*) FROM reject r"
                 " WHERE r.source_file_id = s.id)") == 0);
    CHECK(q(*db, "SELECT count(*) FROM source_file s WHERE duplicates <> (SELECT count(*) FROM duplicate d"
                 " WHERE d.source_file_id = s.id)") == 0);
    // Rollups cover exactly the committed requests.
    CHECK(test::rollupTotals(*db, EntityLevel::Account, test::RollupCells::Hours).requests ==
          q(*db, "SELECT count(*) FROM request WHERE org_id IS NOT NULL"));
    CHECK(test::rollupTotals(*db, EntityLevel::Key, test::RollupCells::Minutes).requests ==
          q(*db, "SELECT count(*) FROM request WHERE api_key_id IS NOT NULL"));
    // Every raw record is stored with its row.
    CHECK(q(*db, "SELECT count(*) FROM request") == q(*db, "SELECT count(*) FROM request_raw"));
}

} // namespace

TEST_CASE("an import killed with SIGKILL at several points resumes to exact totals", "[cli][crash]") {
    test::TempDir dir;
    generate::GenerateOptions gen;
    gen.outDir = dir.file("gen");
    gen.accounts = 40;
    gen.days = 4;
    gen.seed = 11;
    gen.formats = {"generic_csv", "bedrock_invocation"};
    gen.dirty = true;
    auto summary = generate::generate(gen);
    REQUIRE(summary.ok());
    int64_t expectedRequests = 0, expectedRejects = 0, expectedDuplicates = 0;
    for (const auto& [format, c] : summary->formats) {
        expectedRequests += c.requests;
        expectedRejects += c.rejects;
        expectedDuplicates += c.duplicates;
    }
    REQUIRE(expectedRequests > 20000);
    const std::string casePath = dir.file("case.siphon");
    const std::string logs = gen.outDir + "/logs";

    // Kill after increasing amounts of committed work: early, mid-way, late.
    int killsMidImport = 0;
    for (int64_t threshold : {int64_t{1}, expectedRequests / 3, (2 * expectedRequests) / 3}) {
        const pid_t pid = spawnCli({"import", casePath, logs, "--quiet"});
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        int status = 0;
        bool exited = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                exited = true;
                break;
            }
            if (committedRequests(casePath) >= threshold) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!exited) {
            ::kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            ++killsMidImport;
        }
        checkConsistent(casePath);
        auto db = store::openCase(casePath, store::CaseAccess::Read);
        REQUIRE(db.ok());
        // A file marked complete has all its records; nothing half-imported claims completeness.
        CHECK(q(*db, "SELECT count(*) FROM source_file WHERE complete = 1 AND finished_at_us IS NULL") == 0);
    }
    CHECK(killsMidImport >= 2);

    // The re-run resumes the incomplete file(s) and ends with exactly the expected totals.
    auto rerun = test::runCli({"import", casePath, logs, "--quiet"});
    CHECK(rerun.exitCode == 0);
    checkConsistent(casePath);
    auto db = store::openCase(casePath, store::CaseAccess::Read);
    REQUIRE(db.ok());
    CHECK(q(*db, "SELECT count(*) FROM source_file WHERE complete = 0") == 0);
    CHECK(q(*db, "SELECT count(*) FROM request") == expectedRequests);
    CHECK(q(*db, "SELECT count(*) FROM reject") == expectedRejects);
    CHECK(q(*db, "SELECT count(*) FROM duplicate") == expectedDuplicates);
    CHECK(q(*db, "SELECT count(*) FROM source_file") == static_cast<int64_t>(summary->files.size()));
}

TEST_CASE("an export killed at any point never leaves a partial bundle under the bundle's name", "[cli][crash]") {
    test::TempDir dir;
    const std::string casePath = dir.file("case.siphon");
    REQUIRE(test::runCli({"import", casePath, test::fixture("evidence/traffic.csv")}).exitCode == 0);
    auto db = store::openCase(casePath, store::CaseAccess::Read);
    REQUIRE(db.ok());
    auto top = db->prepare("SELECT org_id FROM request WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY count(*) DESC LIMIT 1");
    REQUIRE(top.ok());
    REQUIRE(top->step() == store::StepResult::Row);
    const std::string account = top->columnText(0);
    REQUIRE(test::runCli({"tag", casePath, "--entity", account, "--label", "suspected", "--by", "tester"}).exitCode == 0);

    int killedMidway = 0;
    for (int delayMs : {5, 40, 120, 300, 600}) {
        const std::string bundle = dir.file("bundle-" + std::to_string(delayMs) + ".zip");
        const pid_t pid = spawnCli({"export", casePath, "--out", bundle, "--export-time", "2026-02-01T00:00:00Z"});
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == 0) {
            ::kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            ++killedMidway;
        }
        if (access(bundle.c_str(), F_OK) == 0) {
            INFO("a bundle exists after the kill at " << delayMs << " ms: it must be whole");
            CHECK(test::runCli({"verify", bundle}).exitCode == 0);
        }
    }
    CHECK(killedMidway >= 1);
    checkConsistent(casePath);
}
