#include "report/report_renderer.h"

#include "evidence/chart_svg.h"

#include <catch2/catch.hpp>

using namespace siphon;

namespace {

evidence::EvidenceSet sampleSet() {
    evidence::EvidenceSet set;
    evidence::Exhibit ex;
    ex.number = "EX-001";
    ex.tag.id = 1;
    ex.tag.target.kind = evidence::TargetKind::Entity;
    ex.tag.target.entity = "evil\u202e-1";
    ex.tag.label = {1, "confirmed extraction", "#b71c1c", "Reviewed.", true};
    ex.tag.author = "Ann";
    for (int i = 0; i < 5; ++i) {
        evidence::EvidenceRecord r;
        r.recordNo = i + 1;
        r.tsUs = 1767571200000000LL + i * 3600000000LL;
        r.orgId = "evil-1";
        r.prompt = "<script>alert(1)</script> =cmd|' /C calc'!A0";
        r.sourceName = "traffic.csv";
        r.line = i + 2;
        ex.records.push_back(r);
        ex.series.push_back({r.tsUs, 3, 600, 9000});
    }
    evidence::EntityFinding f;
    f.entity = "evil-1";
    f.scored = true;
    f.score = 0.93;
    f.reasons = {"92% of prompts share 3 templates"};
    ex.findings.push_back(f);
    set.exhibits.push_back(ex);
    return set;
}

} // namespace

TEST_CASE("displaySafe makes control and bidi characters visible and caps length", "[ui][report]") {
    CHECK(ui::report::displaySafe("abc\u202edef").toStdString() == "abc<U+202E>def");
    CHECK(ui::report::displaySafe(std::string("a\x01\x1b", 3)).toStdString() == "a<U+0001><U+001B>");
    CHECK(ui::report::displaySafe("<b>x</b>").toStdString() == "<b>x</b>");   // plain text, shown literally
    const QString capped = ui::report::displaySafe(std::string(500, 'x'), 10);
    CHECK(capped.startsWith(QStringLiteral("xxxxxxxxxx…")));
    CHECK(capped.contains(QStringLiteral("490 more")));
}

TEST_CASE("renderReport makes a PDF and PNG charts, the same bytes for the same input", "[ui][report]") {
    const auto set = sampleSet();
    evidence::ReportInput in;
    in.caseName = "Case <1>";
    in.examiner = "Ann";
    in.batesPrefix = "TEST";
    in.toolVersion = "0.0";
    in.legend = "CONFIDENTIAL";
    in.exportTimeUs = 1772366400000000LL;
    in.evidence = &set;
    in.chartSvgs = {evidence::timelineChartSvg(set.exhibits[0])};
    REQUIRE_FALSE(in.chartSvgs[0].empty());
    auto a = ui::report::renderReport(in);
    REQUIRE(a.ok());
    CHECK(a->pdf.rfind("%PDF-", 0) == 0);
    CHECK(a->pages >= 2);
    REQUIRE(a->chartPngs.size() == 1);
    CHECK(a->chartPngs[0].substr(1, 3) == "PNG");
    auto b = ui::report::renderReport(in);
    REQUIRE(b.ok());
    CHECK(a->pdf == b->pdf);
    CHECK(a->chartPngs == b->chartPngs);
    CHECK(a->pdf.find("/CreationDate (D:20260301") != std::string::npos);
}
