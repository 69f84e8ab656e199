#pragma once
// Display helpers: numbers, times and hostile strings as the investigator sees them.
// Every string that came from a log goes through plainText() before it reaches a widget.
#include <QColor>
#include <QString>

#include <cstdint>
#include <string>

namespace siphon::ui {

// Longest text shown for one prompt/response/raw record in the detail pane.
constexpr int kMaxShownChars = 16 * 1024;

// UTF-8 (possibly invalid) to QString, control characters except \n and \t made visible, bidi
// controls and zero-width characters shown as U+FFFD, truncated to maxChars with a marker saying how much was cut.
QString plainText(const std::string& bytes, int maxChars = kMaxShownChars);
// One line: newlines and tabs shown as spaces, capped.
QString oneLine(const std::string& bytes, int maxChars = 200);

// Text for a tool tip, shown literally. Qt renders a tool tip as rich text when it merely looks
// like HTML (Qt::mightBeRichText), so a hostile "<img src=…>" in a reason or prompt would be
// interpreted; this escapes it inside a <p> so the tip is always rich text showing the characters.
QString plainToolTip(const QString& text);

// Breaks lines longer than every characters (display only): a single 20 kB line costs a text
// widget a long layout on the GUI thread, many short lines are laid out lazily.
QString softWrap(const QString& text, int every = 1000);

QString formatCount(int64_t n);        // 1,234,567
QString formatCompact(double n);       // 1.2M, 34k
QString formatTimeUs(int64_t us);      // 2026-02-03 14:07 UTC
QString formatTimeUsFull(int64_t us);  // ISO 8601 with Z
QString formatTimeUsShort(int64_t us); // 2026-02-03 14:07:23.196 (UTC)
QString formatDurationUs(int64_t us);  // 1m, 5m, 1h, 1d

// Score 0..1 to a colour from calm blue-grey through amber to red.
QColor scoreColour(double score);

} // namespace siphon::ui
