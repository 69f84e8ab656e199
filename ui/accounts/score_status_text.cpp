#include "accounts/score_status_text.h"

#include "util/format.h"

#include <QCoreApplication>

namespace siphon::ui {

QString scoreStatusText(const query::ScoreStatus& status, const QString& levelName) {
    auto tr = [](const char* text) { return QCoreApplication::translate("ScoreStatus", text); };
    switch (status.state) {
    case query::ScoreState::Current: return {};
    case query::ScoreState::Missing:
        return tr("Scores missing: the %1 level has not been analysed. Every score shows as 0, which is not a "
                  "verdict; run Analyze.")
            .arg(levelName);
    case query::ScoreState::Stale:
        return tr("Scores stale: %1 file(s) imported since the %2 level was analysed (%3). Entities seen only in "
                  "them are not listed until you run Analyze again.")
            .arg(formatCount(status.sourcesSinceRun), levelName,
                 status.lastRunStartedUs ? formatTimeUs(*status.lastRunStartedUs) : tr("time unknown"));
    }
    return {};
}

} // namespace siphon::ui
