#include "activity/examiner_activity_view.h"

#include "evidence/audit_log.h"
#include "report/report_renderer.h"
#include "session/case_session.h"
#include "util/time_util.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace siphon::ui {

namespace {

enum Column { Seq, Time, Author, Action, Details, ColumnCount };

QStandardItem* cell(const QString& text) {
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    item->setToolTip(text);
    return item;
}

QList<QStandardItem*> rowItems(const evidence::AuditEntry& e) {
    auto* seq = cell(QString::number(e.seq));
    seq->setData(static_cast<qlonglong>(e.seq), Qt::UserRole);
    return {seq, cell(QString::fromStdString(timeutil::formatIso8601(e.tsUs))), cell(report::displaySafe(e.author, 80)),
            cell(report::displaySafe(e.action, 40)), cell(report::displaySafe(e.payload, 400))};
}

} // namespace

ExaminerActivityView::ExaminerActivityView(CaseSession* session, QWidget* parent)
    : QWidget(parent), session_(session), summary_(new QLabel(this)), author_(new QComboBox(this)),
      model_(new QStandardItemModel(this)), filter_(new QSortFilterProxyModel(this)), table_(new QTableView(this)) {
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    model_->setHorizontalHeaderLabels({tr("Seq"), tr("Time (UTC)"), tr("Author"), tr("Action"), tr("Details")});
    filter_->setSourceModel(model_);
    filter_->setFilterKeyColumn(Author);
    table_->setModel(filter_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setWordWrap(false);   // one line per action; the tooltip holds the whole payload
    connect(author_, &QComboBox::currentIndexChanged, this, [this](int i) { setAuthorFilter(i <= 0 ? QString() : author_->itemText(i)); });

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Examiner"), this));
    top->addWidget(author_);
    top->addWidget(summary_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    clear();
    connect(session_, &CaseSession::caseOpened, this, &ExaminerActivityView::reload);
    connect(session_, &CaseSession::contentChanged, this, &ExaminerActivityView::reload);
    connect(session_, &CaseSession::tagsChanged, this, &ExaminerActivityView::reload);
    connect(session_, &CaseSession::caseClosed, this, &ExaminerActivityView::clear);
}

int ExaminerActivityView::visibleRows() const { return filter_->rowCount(); }

void ExaminerActivityView::setAuthorFilter(const QString& author) {
    // Exact match: an author named "Ann" must not also show "Anne".
    filter_->setFilterRegularExpression(author.isEmpty() ? QString()
                                                         : QStringLiteral("^%1$").arg(QRegularExpression::escape(author)));
    const int i = author.isEmpty() ? 0 : author_->findText(author);
    if (i >= 0 && i < author_->count() && author_->currentIndex() != i) {
        QSignalBlocker block(author_);   // the combo's own signal would call back here
        author_->setCurrentIndex(i);
    }
}

void ExaminerActivityView::clear() {
    model_->removeRows(0, model_->rowCount());
    QSignalBlocker block(author_);
    author_->clear();
    author_->addItem(tr("Everyone"));
    filter_->setFilterRegularExpression(QString());
    summary_->setText(tr("No case open."));
}

void ExaminerActivityView::fillAuthors() {
    const QString current = author_->currentIndex() > 0 ? author_->currentText() : QString();
    QSet<QString> seen;
    QStringList authors;
    for (int r = 0; r < model_->rowCount(); ++r) {
        const QString a = model_->item(r, Author)->text();
        if (!seen.contains(a)) authors << a;
        seen.insert(a);
    }
    authors.sort(Qt::CaseInsensitive);
    QSignalBlocker block(author_);
    author_->clear();
    author_->addItem(tr("Everyone"));
    author_->addItems(authors);
    setAuthorFilter(authors.contains(current) ? current : QString());
}

void ExaminerActivityView::reload() {
    if (!session_->isOpen()) return;
    session_->reader().submit<std::vector<evidence::AuditEntry>>(
        this, "examiner-activity", [](store::Database& db) { return evidence::loadAudit(db); },
        [this](Result<std::vector<evidence::AuditEntry>> entries) {
            model_->removeRows(0, model_->rowCount());
            if (!entries) {
                summary_->setText(tr("Cannot read the audit log: %1").arg(QString::fromStdString(entries.error().describe())));
                Q_EMIT loaded();
                return;
            }
            for (auto it = entries->rbegin(); it != entries->rend(); ++it) model_->appendRow(rowItems(*it));   // newest first
            fillAuthors();
            summary_->setText(tr("%n audited action(s), newest first; the hash chain behind them is checked by "
                                 "`siphon-cli audit CASE --verify`.",
                                 nullptr, static_cast<int>(entries->size())));
            table_->resizeColumnsToContents();
            Q_EMIT loaded();
        });
}

} // namespace siphon::ui
