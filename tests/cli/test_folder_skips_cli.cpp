// End to end: a folder import names every path it does not read (a symbolic link to a folder, a
// broken link, a FIFO, a folder it cannot list) with the reason, on stderr and in --json; the
// case records them and `info` counts them. Files behind links to files are imported.
#include "ingest_cli_util.h"

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace siphon;
using namespace siphon::test::ingest_cli;

namespace fs = std::filesystem;

TEST_CASE("cli: folder import lists every skipped path with its reason", "[cli][ingest][folders]") {
    test::TempDir dir;
    const std::string logs = dir.file("logs");
    fs::create_directories(logs + "/sub");
    fs::create_directories(dir.file("elsewhere"));
    fs::create_directories(logs + "/locked");
    test::writeFile(logs + "/a.csv", kHeader + "\n" + row(1) + "\n");
    test::writeFile(logs + "/sub/b.csv", kHeader + "\n" + row(2) + "\n");
    test::writeFile(dir.file("elsewhere/c.csv"), kHeader + "\n" + row(3) + "\n");
    test::writeFile(logs + "/locked/d.csv", kHeader + "\n" + row(4) + "\n");
    fs::create_directory_symlink(dir.file("elsewhere"), logs + "/linked-folder");
    fs::create_symlink(dir.file("elsewhere/c.csv"), logs + "/linked-file.csv");
    fs::create_symlink(dir.file("nowhere.csv"), logs + "/broken.csv");
    REQUIRE(::mkfifo((logs + "/pipe.csv").c_str(), 0600) == 0);
    REQUIRE(::chmod((logs + "/locked").c_str(), 0) == 0);
    // root reads any folder: then the unreadable case cannot be made here, and is not claimed.
    const bool canMakeUnreadable = ::geteuid() != 0;

    const std::string c = dir.file("c.siphon");
    auto r = test::runCli({"import", c, logs, "--json"});
    ::chmod((logs + "/locked").c_str(), 0700);
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.err, Catch::Contains("linked-folder: symbolic link to a folder: not followed"));
    CHECK_THAT(r.err, Catch::Contains("broken.csv: broken symbolic link"));
    CHECK_THAT(r.err, Catch::Contains("pipe.csv: a FIFO"));
    if (canMakeUnreadable) CHECK_THAT(r.err, Catch::Contains("locked: folder cannot be read"));
    const auto out = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    const int skipped = canMakeUnreadable ? 4 : 3;
    CHECK(out["skipped"].toArray().size() == skipped);
    // a.csv, sub/b.csv and the file behind linked-file.csv (and locked/d.csv when root reads it).
    CHECK(out["files"].toArray().size() == (canMakeUnreadable ? 3 : 4));

    const auto info = infoJson(c);
    CHECK(info["skipped_paths"].toInt() == skipped);
    auto text = test::runCli({"info", c});
    CHECK_THAT(text.out, Catch::Contains("skipped paths   " + std::to_string(skipped)));
    CHECK_THAT(text.out, Catch::Contains("broken symbolic link"));
    // The audit log holds them too.
    auto audit = test::runCli({"audit", c});
    CHECK_THAT(audit.out, Catch::Contains("import-skipped"));
}
