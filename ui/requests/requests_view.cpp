#include "requests/requests_view.h"

#include "query/cluster_query.h"
#include "requests/bulk_tag_action.h"
#include "query/search_index.h"
#include "requests/request_detail.h"
#include "requests/request_table_model.h"
#include "session/case_session.h"
#include "util/format.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace siphon::ui {

RequestsView::RequestsView(CaseSession* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new RequestTableModel(session, this)),
      detail_(new RequestDetail(session, this)) {
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search prompts (Enter), e.g. step by step"));
    search_->setClearButtonEnabled(true);
    search_->setMinimumWidth(140);
    wholeCluster_ = new QCheckBox(tr("Whole cluster"), this);
    tagAll_ = new QPushButton(tr("Tag all shown…"), this);
    tagAll_->setObjectName("tagAllShown");
    tagAll_->setToolTip(tr("Tag every request of this entity shown here (its time range, the search) as one audited action"));
    scope_ = new QLabel(this);
    scope_->setTextFormat(Qt::PlainText);
    scope_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_ = new QLabel(this);
    status_->setObjectName("mutedLabel");
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {175, 100, 100, 110, 130, 110, 65, 65, 50};
    for (int c = 0; c < 9; ++c) table_->setColumnWidth(c, widths[c]);

    auto* bar = new QHBoxLayout;
    bar->addWidget(scope_, 1);
    bar->addWidget(wholeCluster_);
    bar->addWidget(search_, 1);
    bar->addWidget(tagAll_);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addLayout(bar);
    lay->addWidget(split, 1);
    lay->addWidget(status_);

    connect(search_, &QLineEdit::returnPressed, this, [this] { setSearch(search_->text()); });
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty()) reload();
    });
    connect(wholeCluster_, &QCheckBox::toggled, this, &RequestsView::reload);
    connect(tagAll_, &QPushButton::clicked, this, [this] {
        QString label, note;
        if (askBulkTagLabel(this, model_->rowCount(), label, note)) tagAllShown(label, note);
    });
    connect(&session_->selection(), &Selection::entityChanged, this, &RequestsView::reload);
    connect(&session_->selection(), &Selection::rangeChanged, this, &RequestsView::reload);
    connect(session_, &CaseSession::contentChanged, this, &RequestsView::reload);
    connect(session_, &CaseSession::caseOpened, this, [this] {
        std::fill(std::begin(levelIndexReady_), std::end(levelIndexReady_), false);
        reload();
    });
    // The selection is the one place a request is chosen (here, or from a request tag); the detail follows it.
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& i) {
        if (const int64_t id = model_->idAt(i.row())) session_->selection().setRequest(id);
    });
    connect(&session_->selection(), &Selection::requestChanged, this, [this] {
        if (const auto id = session_->selection().requestId()) detail_->showRequest(*id);
        else detail_->clear();
    });
}

void RequestsView::focusSearch() {
    search_->setFocus();
    search_->selectAll();
}

void RequestsView::selectRow(int row) {
    table_->selectRow(row);
    table_->setCurrentIndex(model_->index(row, 0));
}

void RequestsView::setSearch(const QString& text) {
    if (search_->text() != text) search_->setText(text);
    if (text.trimmed().isEmpty()) reload();
    else ensureSearchIndexThenQuery();
}

void RequestsView::updateBulkTagButton() {
    const auto& sel = session_->selection();
    tagAll_->setEnabled(session_->isOpen() && session_->writable() && !sel.entity().isEmpty() &&
                        !wholeCluster_->isChecked() && model_->rowCount() > 0);
}

void RequestsView::tagAllShown(const QString& label, const QString& note) {
    const auto& sel = session_->selection();
    if (sel.entity().isEmpty() || wholeCluster_->isChecked()) {
        status_->setText(tr("Tag all shown: choose one entity (not the whole cluster)."));
        return;
    }
    evidence::BulkTagFilter f;
    f.level = sel.level();
    f.entity = sel.entity().toStdString();
    if (const auto r = sel.range()) {
        f.fromUs = r->fromUs;
        f.toUs = r->toUs;
    }
    f.search = search_->text().trimmed().toStdString();
    status_->setText(tr("Tagging the requests shown…"));
    runBulkTag(session_, this, f, label, note, [this, label](int64_t tagged, const QString& error) {
        status_->setText(error.isEmpty() ? tr("Tagged %1 requests as “%2” in one audited action.").arg(formatCount(tagged), label)
                                         : tr("Bulk tag refused: %1").arg(error));
    });
}

void RequestsView::reload() {
    ++gen_;
    detail_->clear();
    session_->selection().setRequest(std::nullopt);   // the list changes: choosing a row again must show it
    if (!session_->isOpen()) {
        model_->clear();
        return;
    }
    tagAll_->setEnabled(false);   // until the list for this filter is loaded
    const auto& sel = session_->selection();
    QString scope = sel.entity().isEmpty() ? tr("All requests")
                                           : tr("%1 %2").arg(QString::fromLatin1(levelInfo(sel.level()).name.data()),
                                                             oneLine(sel.entity().toStdString(), 50));
    if (wholeCluster_->isChecked() && sel.clusterId()) scope = tr("Cluster C%1").arg(*sel.clusterId());
    if (const auto r = sel.range()) scope += tr(" · %1 → %2").arg(formatTimeUs(r->fromUs), formatTimeUs(r->toUs));
    scope_->setText(scope);
    if (!search_->text().trimmed().isEmpty()) ensureSearchIndexThenQuery();
    else runIndexQuery();
}

void RequestsView::ensureSearchIndexThenQuery() {
    const uint64_t gen = ++gen_;
    status_->setText(tr("Checking the prompt search index…"));
    session_->reader().submit<query::PromptIndexState>(
        this, "fts-state", [](store::Database& db) { return query::promptIndexState(db); },
        [this, gen](Result<query::PromptIndexState> r) {
            if (gen != gen_) return;
            if (r && r->ready()) {
                runIndexQuery();
                return;
            }
            if (!session_->writable()) {
                status_->setText(tr("Search needs a prompt index and this case is read-only."));
                return;
            }
            status_->setText(tr("Building the prompt search index (once per case)…"));
            QPointer<RequestsView> self(this);
            session_->writer().submit<bool>(
                this, "fts-build",
                [self](store::Database& db) -> Result<bool> {
                    auto s = query::buildPromptIndex(db, nullptr, [self](int64_t done, int64_t total) {
                        // Progress crosses to the GUI thread as a queued call.
                        QMetaObject::invokeMethod(
                            self.data(),
                            [self, done, total] {
                                if (self) self->status_->setText(tr("Indexing prompts… %1 of %2").arg(formatCount(done), formatCount(total)));
                            },
                            Qt::QueuedConnection);
                    });
                    if (!s) return s.error();
                    return true;
                },
                [this, gen](Result<bool> built) {
                    if (gen != gen_) return;
                    if (!built) {
                        status_->setText(tr("Could not build the search index: %1").arg(QString::fromStdString(built.error().describe())));
                        return;
                    }
                    runIndexQuery();
                });
        });
}

void RequestsView::runIndexQuery() {
    const uint64_t gen = ++gen_;
    const auto& sel = session_->selection();
    query::RequestFilter f;
    f.level = sel.level();
    if (!sel.entity().isEmpty()) f.entities = {sel.entity().toStdString()};
    if (const auto r = sel.range()) {
        f.fromUs = r->fromUs;
        f.toUs = r->toUs;
    }
    f.search = search_->text().trimmed().toStdString();
    const auto cluster = wholeCluster_->isChecked() ? sel.clusterId() : std::nullopt;
    const int lvl = static_cast<int>(f.level);
    status_->setText(tr("Loading requests…"));
    auto query = [this, gen, f, cluster] {
        session_->slowReader().submit<query::RequestIndex>(
            this, "request-index",
            [f, cluster](store::Database& db) mutable -> Result<query::RequestIndex> {
                if (cluster) {
                    auto members = query::loadClusterMembers(db, *cluster);
                    if (!members) return members.error();
                    f.entities = std::move(members.value());
                }
                return query::loadRequestIndex(db, f);
            },
            [this, gen](Result<query::RequestIndex> r) {
                if (gen != gen_) return;
                if (!r) {
                    status_->setText(tr("Could not load requests: %1").arg(QString::fromStdString(r.error().describe())));
                    return;
                }
                const bool truncated = r->truncated;
                model_->setIndex(std::move(r.value()));
                status_->setText(tr("%1 requests%2").arg(formatCount(model_->rowCount()),
                                                         truncated ? tr(" (list truncated)") : QString()));
                updateBulkTagButton();
                Q_EMIT indexLoaded(model_->rowCount());
            });
    };
    if (f.entities.empty() && !cluster) {
        query();
        return;
    }
    if (levelIndexReady_[lvl] || !session_->writable()) {
        query();
        return;
    }
    // First look at this level: make "requests of an entity" a range scan (once per case).
    const auto level = f.level;
    session_->writer().submit<bool>(
        this, {},
        [level](store::Database& db) -> Result<bool> {
            auto s = query::ensureRequestLevelIndex(db, level);
            if (!s) return s.error();
            return true;
        },
        [this, lvl, query](Result<bool>) {
            levelIndexReady_[lvl] = true;
            query();
        });
}

} // namespace siphon::ui
