// Threads the GUI starts are owned: closing a dialog or window while they work joins them (no
// detached thread outlives its owner), and their results still arrive while the owner lives.
#include "test_paths.h"

#include "import/format_detector.h"
#include "import/import_dialog.h"
#include "main/automation.h"
#include "main/demo_case.h"
#include "session/case_session.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTableWidget>

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>

using namespace siphon;
using namespace siphon::ui;

namespace {

QString formatText(ImportDialog& d, int row) {
    return static_cast<QComboBox*>(d.files()->cellWidget(row, 2))->itemText(0);
}

} // namespace

TEST_CASE("import dialog: format detection answers in the row, on an owned thread", "[ui][import][threads]") {
    CaseSession session;
    ImportDialog dialog(&session);
    dialog.addPaths({QString::fromStdString(test::fixture("evidence/traffic.csv")),
                     QString::fromStdString(test::fixture("generic_jsonl/custom_mapping.json"))});
    REQUIRE(waitUntil(
        [&] { return !formatText(dialog, 0).contains("detecting") && !formatText(dialog, 1).contains("detecting"); },
        20000));
    CHECK(formatText(dialog, 0).startsWith("auto-detect: "));
    CHECK_FALSE(formatText(dialog, 0).contains("not recognised"));
    CHECK(formatText(dialog, 1) == "auto-detect: not recognised"); // a mapping file is no log
    CHECK(FormatDetector::liveThreads() >= 1); // the dialog's detector, until the dialog goes
}

TEST_CASE("import dialog: closing it while detection runs joins the detector thread", "[ui][import][threads]") {
    const int before = FormatDetector::liveThreads();
    {
        CaseSession session;
        auto dialog = std::make_unique<ImportDialog>(&session);
        QStringList many;
        for (int i = 0; i < 40; ++i) many << QString::fromStdString(test::fixture("evidence/traffic.csv"));
        dialog->addPaths(many);
        CHECK(FormatDetector::liveThreads() == before + 1);
        dialog.reset(); // queued files are dropped, the one in progress finishes, the thread is joined
        CHECK(FormatDetector::liveThreads() == before);
    }
    // Nothing posted by the detector reaches the destroyed dialog.
    waitUntil([] { return false; }, 100);
    CHECK(FormatDetector::liveThreads() == before);
}

TEST_CASE("demo builder: destroying it mid-build cancels and joins; a completed build is the core demo",
          "[ui][demo][threads]") {
    test::TempDir dir;
    demo::DemoOptions small;
    small.accounts = 12;
    small.days = 2;
    SECTION("destroyed while building") {
        small.outDir = dir.file("cancelled");
        auto builder = std::make_unique<DemoCaseBuilder>();
        builder->start(small);
        CHECK(DemoCaseBuilder::liveThreads() == 1);
        builder.reset();
        CHECK(DemoCaseBuilder::liveThreads() == 0);
        // Cancelled before the case was complete: no case under the final name.
        CHECK_FALSE(std::filesystem::exists(small.outDir + "/demo.siphon"));
        CHECK_FALSE(std::filesystem::exists(small.outDir + "/demo.siphon.part"));
    }
    SECTION("left to finish") {
        small.outDir = dir.file("done");
        DemoCaseBuilder builder;
        QSignalSpy finished(&builder, &DemoCaseBuilder::finished);
        QSignalSpy progress(&builder, &DemoCaseBuilder::progress);
        builder.start(small);
        REQUIRE(waitUntil([&] { return finished.count() == 1; }, 120000));
        CHECK(finished.at(0).at(1).toString().toStdString() == "");
        CHECK(finished.at(0).at(0).toString().toStdString() == small.outDir + "/demo.siphon");
        CHECK(std::filesystem::exists(small.outDir + "/demo.siphon"));
        CHECK_FALSE(std::filesystem::exists(small.outDir + "/demo.siphon.part"));
        CHECK(progress.count() >= 3); // generating, importing, analysing, tagging
    }
}
