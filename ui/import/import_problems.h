#pragma once
// What an import did not read, or read only in part, in words for the import dialog: paths a folder
// walk skipped (links, FIFOs, unreadable folders), files that failed, files left incomplete, and
// reused record ids. Nothing here is silent: the CLI prints the same facts on stderr.
// Thread: any (pure).
#include "ingest/import_types.h"

#include <QStringList>

namespace siphon::ui {

// One line per problem, log-derived text made safe for display (util/format.h oneLine). Empty
// when every path was read completely and no record id was reused.
QStringList importProblems(const ingest::ImportSummary& summary);

} // namespace siphon::ui
