// End to end: a log rotated (truncated) while `siphon-cli import` reads it. The import is paused
// at a known point through its test seam (SIPHON_TEST_PAUSE_READ_AT / SIPHON_TEST_PAUSE_FIFO:
// it waits on a FIFO once it has read that many bytes), the file is truncated, and the import
// goes on. The file must end INCOMPLETE, exit 1, with the size and SHA-256 of the bytes read.
#include "ingest_cli_util.h"

#include "util/hash.h"

#include <chrono>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace siphon;
using namespace siphon::test::ingest_cli;

namespace {

// Opens the FIFO for writing once the CLI has opened it for reading (it then waits for us);
// fails the test if the CLI ends or a minute passes first.
int openWhenPaused(const std::string& fifo, QProcess& cli) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (std::chrono::steady_clock::now() < until) {
        const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) return fd;
        if (cli.state() == QProcess::NotRunning) break;
        cli.waitForFinished(10);
    }
    FAIL("the import never reached its pause point:\n" << cli.readAllStandardOutput().toStdString()
                                                        << cli.readAllStandardError().toStdString());
    return -1;
}

} // namespace

TEST_CASE("cli: a file truncated mid-import is left INCOMPLETE with the hash of the bytes read",
          "[cli][ingest][changed]") {
    test::TempDir dir;
    const std::string log = dir.file("app.csv");
    std::string bytes = kHeader + "\n";
    for (int i = 0; i < 38052; ++i) bytes += row(i) + "\n";
    REQUIRE(bytes.size() > (2u << 20));
    test::writeFile(log, bytes);
    const std::string fifo = dir.file("pause");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const off_t cut = (1 << 20) + 300000;   // after the first 1 MiB block was read

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SIPHON_TEST_PAUSE_READ_AT"), QStringLiteral("1048576"));
    env.insert(QStringLiteral("SIPHON_TEST_PAUSE_FIFO"), QString::fromStdString(fifo));
    QProcess cli;
    const std::string c = dir.file("c.siphon");
    startCli(cli, {"import", c, log, "--quiet"}, env);
    const int fd = openWhenPaused(fifo, cli);
    REQUIRE(::truncate(log.c_str(), cut) == 0);   // log rotation, while the import waits
    ::close(fd);                                  // the import goes on
    REQUIRE(cli.waitForFinished(300000));
    const std::string out = cli.readAllStandardOutput().toStdString();
    const std::string err = cli.readAllStandardError().toStdString();
    INFO(out << err);
    CHECK(cli.exitCode() == 1);
    CHECK_THAT(out, Catch::Contains("INCOMPLETE"));
    CHECK_THAT(err, Catch::Contains("shrank"));

    const auto info = infoJson(c);
    const auto src = info["sources"].toArray().at(0).toObject();
    CHECK_FALSE(src["complete"].toBool());
    CHECK(static_cast<off_t>(src["size"].toDouble()) == cut);
    CHECK(src["sha256"].toString().toStdString() == Sha256::hex(std::string_view(bytes).substr(0, cut)));
    CHECK(info["requests"].toInt() < 38052);
    CHECK(info["requests"].toInt() > 10000);
}
