#pragma once
// The timeline chart of an exhibit as a standalone SVG (text, so core can make it without QtGui):
// requests per bin as bars (left axis), output tokens per bin as a line (right axis), the tagged
// range shaded and the onset marked. Bins are hours, widened to days when the span is long so a
// chart never has more than ~400 bars. Deterministic output for the same input.
#include "evidence/evidence_set.h"

#include <string>

namespace siphon::evidence {

constexpr int kChartWidth = 760;
constexpr int kChartHeight = 240;

// Empty string when the exhibit has no series (request tags, no rollups).
std::string timelineChartSvg(const Exhibit& ex);

// XML-escapes text for SVG/HTML (& < > " ') and drops control characters other than \t\n.
std::string xmlEscape(std::string_view text);

} // namespace siphon::evidence
