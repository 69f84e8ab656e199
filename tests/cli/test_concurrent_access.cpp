// Two processes on one case: readers work while an import writes, and a second writer waits for
// the first one's transaction instead of corrupting anything.
#include "generate/generator.h"
#include "store/case_file.h"
#include "test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace siphon;

TEST_CASE("readers and a second writer work while an import runs", "[cli][concurrency]") {
    test::TempDir dir;
    generate::GenerateOptions gen;
    gen.outDir = dir.file("gen");
    gen.accounts = 30;
    gen.days = 3;
    gen.seed = 5;
    gen.formats = {"generic_csv", "generic_jsonl"};
    auto summary = generate::generate(gen);
    REQUIRE(summary.ok());
    const std::string casePath = dir.file("case.siphon");
    // Create the case first so the reader below has something to open.
    REQUIRE(test::runCli({"import", casePath, gen.outDir + "/logs/generic_jsonl"}).exitCode == 0);

    QProcess writer;
    writer.start(QString::fromStdString(test::cliPath()),
                 {QStringLiteral("import"), QString::fromStdString(casePath),
                  QString::fromStdString(gen.outDir + "/logs/generic_csv"), QStringLiteral("--quiet")});
    REQUIRE(writer.waitForStarted());
    int readsDuringImport = 0;
    while (writer.state() != QProcess::NotRunning) {
        auto info = test::runCli({"info", casePath, "--json"});
        CHECK(info.exitCode == 0);
        CHECK(QJsonDocument::fromJson(QByteArray::fromStdString(info.out)).isObject());
        if (writer.state() != QProcess::NotRunning) ++readsDuringImport;
        writer.waitForFinished(100);
    }
    CHECK(writer.exitCode() == 0);
    INFO("info ran " << readsDuringImport << " times while the import was running");

    // A second writer started while the first holds the case: both finish, nothing is lost.
    QProcess first, second;
    first.start(QString::fromStdString(test::cliPath()),
                {QStringLiteral("import"), QString::fromStdString(casePath),
                 QString::fromStdString(gen.outDir + "/logs/generic_csv"), QStringLiteral("--quiet")});
    second.start(QString::fromStdString(test::cliPath()),
                 {QStringLiteral("analyze"), QString::fromStdString(casePath)});
    REQUIRE(first.waitForFinished(300000));
    REQUIRE(second.waitForFinished(300000));
    CHECK(first.exitCode() == 0);
    // analyze either ran between import batches or reported the lock in one clear line.
    if (second.exitCode() != 0) CHECK(second.readAllStandardError().contains("locked"));

    auto db = store::openCase(casePath, store::CaseAccess::Read);
    REQUIRE(db.ok());
    int64_t expected = 0;
    for (const auto& [format, c] : summary->formats) expected += c.requests;
    // The CSV and JSONL renderings carry the same calls with different bytes: each counts once per format.
    CHECK(*db->queryInt("SELECT count(*) FROM request") == expected);
    auto st = db->prepare("PRAGMA integrity_check");
    REQUIRE(st.ok());
    REQUIRE(st->step() == store::StepResult::Row);
    CHECK(st->columnText(0) == "ok");
}
