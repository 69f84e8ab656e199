// End to end: two `siphon-cli import` processes on one case. The first is held (through the
// import's test seam) in the middle of its first write transaction; the second must fail with
// "case is busy" in one clear line (it was "UNIQUE constraint failed: source_file.id"), the first
// must finish whole, and the second, run again, imports its file.
#include "ingest_cli_util.h"

#include "store/case_file.h"

#include <chrono>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace siphon;
using namespace siphon::test::ingest_cli;

TEST_CASE("cli: a second import while the first writes says the case is busy", "[cli][ingest][concurrency]") {
    test::TempDir dir;
    std::string big = kHeader + "\n";
    for (int i = 0; i < 40000; ++i) big += row(i) + "\n";
    test::writeFile(dir.file("big.csv"), big);
    std::string small = kHeader + "\n";
    for (int i = 50000; i < 50010; ++i) small += row(i) + "\n";
    test::writeFile(dir.file("small.csv"), small);
    const std::string c = dir.file("c.siphon");
    REQUIRE(test::runCli({"import", c, dir.file("small.csv"), "--format", "generic_csv"}).exitCode == 0);
    test::writeFile(dir.file("small2.csv"), small + row(50011) + "\n");

    const std::string fifo = dir.file("pause");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SIPHON_TEST_PAUSE_READ_AT"), QStringLiteral("2097152"));   // in the 2nd MiB
    env.insert(QStringLiteral("SIPHON_TEST_PAUSE_FIFO"), QString::fromStdString(fifo));
    QProcess first;
    startCli(first, {"import", c, dir.file("big.csv"), "--quiet"}, env);
    int fd = -1;
    for (int i = 0; i < 6000 && fd < 0 && first.state() != QProcess::NotRunning; ++i) {
        fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) first.waitForFinished(10);
    }
    REQUIRE(fd >= 0);   // the first import is paused, its first transaction open

    // The second chooses its source id while the first's is not committed, then waits for the
    // lock; the first goes on meanwhile and commits that id.
    QProcess second;
    startCli(second, {"import", c, dir.file("small2.csv")}, QProcessEnvironment::systemEnvironment());
    second.waitForFinished(1000);
    ::close(fd);   // let the first go on
    REQUIRE(first.waitForFinished(300000));
    REQUIRE(second.waitForFinished(300000));
    const std::string secondErr = second.readAllStandardError().toStdString();
    INFO("second: " << secondErr);
    CHECK(second.exitCode() == 1);
    CHECK_THAT(secondErr, Catch::Contains("case is busy"));
    CHECK(secondErr.find("UNIQUE") == std::string::npos);
    INFO("first: " << first.readAllStandardError().toStdString());
    CHECK(first.exitCode() == 0);

    // Nothing half-done: run again, the second import adds its one new row.
    auto again = test::runCli({"import", c, dir.file("small2.csv")});
    CHECK(again.exitCode == 0);
    auto db = store::openCase(c, store::CaseAccess::Read);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("SELECT count(*) FROM request") == 40000 + 10 + 1);
    CHECK(*db->queryInt("SELECT count(*) FROM source_file WHERE complete = 0") == 0);
}
