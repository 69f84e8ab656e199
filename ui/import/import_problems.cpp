#include "import/import_problems.h"

#include "util/format.h"

#include <QCoreApplication>

namespace siphon::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ImportProblems", text); }

// A file that failed, stopped short, or reused record ids with other content.
void addFileProblems(const ingest::FileImportResult& f, QStringList& out) {
    const QString path = oneLine(f.path, 300);
    if (f.error) out << tr("%1: not fully imported: %2").arg(path, oneLine(f.error->describe(), 300));
    else if (!f.complete && !f.alreadyImported)
        out << tr("%1: INCOMPLETE (stopped before the end; import it again to resume)").arg(path);
    if (f.conflicts > 0)
        out << tr("%1: %2 record id(s) already in the case with other content (see the Conflicts tab)")
                   .arg(path, formatCount(f.conflicts));
}

} // namespace

QStringList importProblems(const ingest::ImportSummary& summary) {
    QStringList out;
    for (const auto& k : summary.skipped)
        out << tr("skipped %1: %2").arg(oneLine(k.path, 300), oneLine(k.reason, 200));
    for (const auto& f : summary.files) addFileProblems(f, out);
    return out;
}

} // namespace siphon::ui
