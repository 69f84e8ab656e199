#pragma once
// "Tag all shown…" in the requests view: every request the view's filter shows (one entity, its
// selected time range, the prompt search) tagged as one audited action (evidence/bulk_tag.h), on
// the writer worker. Thread: GUI only; no SQL here.
#include "evidence/bulk_tag.h"

#include <QString>

#include <functional>

class QWidget;

namespace siphon::ui {

class CaseSession;

// done(requests tagged, error) on the GUI thread; tagsChanged is emitted on success.
void runBulkTag(CaseSession* session, QObject* context, const evidence::BulkTagFilter& filter, const QString& label,
                const QString& note, std::function<void(int64_t tagged, QString error)> done);

// Asks for a label (the built-in ones) and a note, modal; false when cancelled.
bool askBulkTagLabel(QWidget* parent, int64_t shown, QString& label, QString& note);

} // namespace siphon::ui
