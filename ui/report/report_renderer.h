#pragma once
// Renders the evidence report (report.pdf) and the PNG versions of the charts from the plain data
// core's bundle writer gathers. Needs a QGuiApplication (offscreen is fine). Deterministic: the
// same input gives the same bytes (the PDF's creation date is the export time).
// Every string from a log is drawn as plain text (never HTML) with invisible/bidi/control
// characters made visible, and long values are capped.
#include "evidence/report_input.h"

#include <QString>

#include <string>
#include <vector>

namespace siphon::ui::report {

Result<evidence::RenderedReport> renderReport(const evidence::ReportInput& input);

// The same pages as PNG images at `dpi`, Bates-numbered PREFIX-NNNNNN from batesFirst (a
// production's page images, which continue the case's earlier productions).
Result<std::vector<std::string>> renderReportPageImages(const evidence::ReportInput& input, const std::string& batesPrefix,
                                                        long long batesFirst, int dpi = 150);

// Hostile text for display: control chars -> U+2400 pictures or <U+XXXX>, bidi overrides and
// zero-width characters -> <U+XXXX>, capped at maxChars with an ellipsis.
QString displaySafe(const std::string& text, int maxChars = 200);

} // namespace siphon::ui::report
