#pragma once
// The accounts view's warning when a level's scores do not describe the case as it is: never
// analysed (every score shows as 0, which is no verdict) or analysed before files were imported
// (entities from the newer files are unscored). The CLI's `accounts` says the same on stderr.
// Thread: any (pure).
#include "query/score_status.h"

#include <QString>

namespace siphon::ui {

// Empty when the scores are current.
QString scoreStatusText(const query::ScoreStatus& status, const QString& levelName);

} // namespace siphon::ui
