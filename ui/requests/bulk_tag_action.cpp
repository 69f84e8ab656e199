#include "requests/bulk_tag_action.h"

#include "session/case_session.h"
#include "util/format.h"

#include <QInputDialog>
#include <QStringList>

namespace siphon::ui {

void runBulkTag(CaseSession* session, QObject* context, const evidence::BulkTagFilter& filter, const QString& label,
                const QString& note, std::function<void(int64_t, QString)> done) {
    const std::string author = session->author().toStdString();
    session->writer().submit<evidence::BulkTagResult>(
        context, "bulk-tag",
        [filter, label = label.toStdString(), note = note.toStdString(), author](store::Database& db) {
            return evidence::bulkTag(db, filter, label, note, author);
        },
        [session, done = std::move(done)](Result<evidence::BulkTagResult> r) {
            if (!r) {
                if (done) done(0, QString::fromStdString(r.error().describe()));
                return;
            }
            session->notifyTagsChanged();
            if (done) done(static_cast<int64_t>(r->tags.size()), {});
        });
}

bool askBulkTagLabel(QWidget* parent, int64_t shown, QString& label, QString& note) {
    // The built-in labels: the integrity check allows no others.
    const QStringList labels{QStringLiteral("confirmed extraction"), QStringLiteral("suspected"),
                             QStringLiteral("benign — explained"), QStringLiteral("needs review"),
                             QStringLiteral("exhibit")};
    bool ok = false;
    label = QInputDialog::getItem(
        parent, QObject::tr("Tag all shown requests"),
        QObject::tr("Tag each of the %1 requests shown, as one audited action:").arg(formatCount(shown)), labels, 1,
        false, &ok);
    if (!ok) return false;
    note = QInputDialog::getText(parent, QObject::tr("Tag all shown requests"), QObject::tr("Note (optional):"),
                                 QLineEdit::Normal, {}, &ok);
    return ok;
}

} // namespace siphon::ui
