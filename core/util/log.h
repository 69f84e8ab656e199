#pragma once
// Logging categories, one per area, so a user can switch on detail without a rebuild, e.g.
//   QT_LOGGING_RULES="siphon.import.debug=true"     or     QT_LOGGING_RULES="siphon.*.debug=true"
// Only warnings and above print by default (stderr stays quiet for the CLI's JSON output).
// Use: qCDebug(siphon::log::lcImport) << "opened" << path;
#include <QLoggingCategory>

namespace siphon::log {

Q_DECLARE_LOGGING_CATEGORY(lcImport) // siphon.import: readers, sources, batches
Q_DECLARE_LOGGING_CATEGORY(lcAnalysis) // siphon.analysis: features, scoring, linking
Q_DECLARE_LOGGING_CATEGORY(lcEvidence) // siphon.evidence: tags, audit, bundles, reports
Q_DECLARE_LOGGING_CATEGORY(lcStore) // siphon.store: case files, migrations, workers
Q_DECLARE_LOGGING_CATEGORY(lcUi) // siphon.ui: views, dialogs, the demo

} // namespace siphon::log
