// Logging categories (issue 15): a job's phases print nothing by default, and one line as each
// phase begins and ends once the category's debug output is switched on by a rule.
#include "log_capture.h"

#include "util/log.h"
#include "util/phase_log.h"

#include <catch2/catch.hpp>

using siphon::log::PhaseLog;
using siphon::test::LogCapture;

namespace {

void runTwoPhases() {
    PhaseLog phases(siphon::log::lcAnalysis, "analyze account");
    phases.progress("scanning requests", 0, 10);
    phases.progress("scanning requests", 10, 10);
    phases.progress("scoring", 3, 0);
} // the destructor ends "scoring"

} // namespace

TEST_CASE("phase log: silent by default", "[util][log]") {
    LogCapture capture{QString()};
    runTwoPhases();
    CHECK(capture.texts("siphon.analysis").empty());
}

TEST_CASE("phase log: a line as each phase begins and ends when its category's debug is on", "[util][log]") {
    LogCapture capture(QStringLiteral("siphon.analysis.debug=true"));
    runTwoPhases();
    const auto t = capture.texts("siphon.analysis");
    REQUIRE(t.size() == 4);
    CHECK(t[0] == "analyze account: scanning requests began");
    CHECK_THAT(t[1],
               Catch::StartsWith("analyze account: scanning requests ended, 10 of 10 in ") && Catch::EndsWith(" s"));
    CHECK(t[2] == "analyze account: scoring began");
    CHECK_THAT(t[3], Catch::StartsWith("analyze account: scoring ended, 3 in ") && Catch::EndsWith(" s"));
    CHECK(capture.texts("siphon.import").empty()); // the rule named one category only
}

TEST_CASE("phase log: a file's phase names its place in the job and its path", "[util][log]") {
    CHECK(siphon::log::filePhase(1, 3, "/logs/b.csv") == "file 2/3 /logs/b.csv");
}
