#include "conflicts/conflicts_view.h"

#include "query/conflict_query.h"
#include "session/case_session.h"
#include "util/format.h"
#include "util/time_util.h"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace siphon::ui {

namespace {

// Record ids and file names are adversary-written: control and bidi characters made visible.
QString text(const std::string& s) { return oneLine(s, 300); }

QString where(const query::ConflictSide& s) {
    return QObject::tr("%1 line %2 (byte %3, #%4)")
        .arg(text(s.file))
        .arg(s.line)
        .arg(s.byteOffset)
        .arg(s.requestRowId);
}

QList<QStandardItem*> rowItems(const query::ConflictRow& r) {
    QList<QStandardItem*> items;
    for (const QString& cell : {text(r.recordKey), where(r.first), text(timeutil::formatIso8601(r.first.tsUs)),
                                where(r.other), text(timeutil::formatIso8601(r.other.tsUs))}) {
        auto* item = new QStandardItem(cell);
        item->setEditable(false);
        item->setToolTip(plainToolTip(cell));   // a tip that looks like HTML would be rendered as HTML
        items.append(item);
    }
    return items;
}

} // namespace

ConflictsView::ConflictsView(CaseSession* session, QWidget* parent)
    : QWidget(parent), session_(session), summary_(new QLabel(this)), model_(new QStandardItemModel(this)),
      table_(new QTableView(this)) {
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    model_->setHorizontalHeaderLabels({tr("Record id"), tr("First record"), tr("First time (UTC)"), tr("Other record"),
                                       tr("Other time (UTC)")});
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    clear();
    connect(session_, &CaseSession::caseOpened, this, &ConflictsView::reload);
    connect(session_, &CaseSession::contentChanged, this, &ConflictsView::reload);
    connect(session_, &CaseSession::caseClosed, this, &ConflictsView::clear);
}

QStandardItemModel* ConflictsView::model() const { return model_; }

int ConflictsView::rowCount() const { return model_->rowCount(); }

void ConflictsView::clear() {
    model_->removeRows(0, model_->rowCount());
    summary_->setText(tr("No case open."));
}

void ConflictsView::reload() {
    if (!session_->isOpen()) return;
    summary_->setText(tr("Loading conflicts…"));
    session_->reader().submit<std::vector<query::ConflictRow>>(
        this, "conflicts", [](store::Database& db) { return query::loadConflicts(db); },
        [this](Result<std::vector<query::ConflictRow>> rows) {
            model_->removeRows(0, model_->rowCount());
            if (!rows) {
                summary_->setText(tr("Cannot read conflicts: %1").arg(text(rows.error().describe())));
                Q_EMIT loaded();
                return;
            }
            for (const auto& r : *rows) model_->appendRow(rowItems(r));
            summary_->setText(rows->empty()
                                  ? tr("No conflicts: no record id was reused with different content.")
                                  : tr("%n record id(s) reused with different content. Both records of each pair are "
                                       "kept; open the originals at the lines shown.",
                                       nullptr, static_cast<int>(rows->size())));
            table_->resizeColumnsToContents();
            Q_EMIT loaded();
        });
}

} // namespace siphon::ui
