#include "util/log.h"

namespace siphon::log {

Q_LOGGING_CATEGORY(lcImport, "siphon.import", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAnalysis, "siphon.analysis", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEvidence, "siphon.evidence", QtWarningMsg)
Q_LOGGING_CATEGORY(lcStore, "siphon.store", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "siphon.ui", QtWarningMsg)

} // namespace siphon::log
