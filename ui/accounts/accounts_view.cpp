#include "accounts/accounts_view.h"

#include "accounts/entity_table_model.h"
#include "accounts/score_delegate.h"
#include "accounts/score_status_text.h"
#include "query/cluster_query.h"
#include "query/score_status.h"
#include "session/case_session.h"
#include "util/format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace siphon::ui {

AccountsView::AccountsView(CaseSession* session, TagStore* tags, QWidget* parent)
    : QWidget(parent), session_(session), model_(new EntityTableModel(session, tags, this)) {
    buildControls();
    buildTable();
    buildLayout();
    connectSignals();
}

void AccountsView::buildControls() {
    level_ = new QComboBox(this);
    for (const auto& l : kLevels) level_->addItem(QString::fromLatin1(l.name.data(), static_cast<qsizetype>(l.name.size())));
    level_->setToolTip(tr("Level at which entities are judged (Ctrl+1…5)"));
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter by id or reason…  (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    flaggedOnly_ = new QCheckBox(tr("Flagged only"), this);
    count_ = new QLabel(this);
    count_->setObjectName("mutedLabel");
    scoreStatus_ = new QLabel(this);
    scoreStatus_->setObjectName("scoreStatus");
    scoreStatus_->setTextFormat(Qt::PlainText);
    scoreStatus_->setWordWrap(true);
    scoreStatus_->setStyleSheet(QStringLiteral("color: #b45309; font-weight: 600;"));
    scoreStatus_->hide();
}

void AccountsView::buildTable() {
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setItemDelegateForColumn(EntityTableModel::Score, new ScoreDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setSortingEnabled(true);
    table_->sortByColumn(EntityTableModel::Score, Qt::DescendingOrder);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(24);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(EntityTableModel::Entity, 170);
    table_->setColumnWidth(EntityTableModel::Score, 120);
    table_->setColumnWidth(EntityTableModel::Flagged, 80);
    table_->setColumnWidth(EntityTableModel::Cluster, 60);
    table_->setColumnWidth(EntityTableModel::Tags, 90);
    table_->setColumnWidth(EntityTableModel::Requests, 80);
    table_->setColumnWidth(EntityTableModel::InputTokens, 75);
    table_->setColumnWidth(EntityTableModel::OutputTokens, 80);
    for (int c : {int(EntityTableModel::FirstSeen), int(EntityTableModel::LastSeen), int(EntityTableModel::Onset)})
        table_->setColumnWidth(c, 140);
}

void AccountsView::buildLayout() {
    reasonsTitle_ = new QLabel(tr("Select an entity to see why it scored as it did."), this);
    reasonsTitle_->setObjectName("sectionTitle");
    reasonsTitle_->setTextFormat(Qt::PlainText);
    reasonsTitle_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    reasons_ = new QPlainTextEdit(this);
    reasons_->setReadOnly(true);
    reasons_->setObjectName("reasons");

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Level"), this));
    top->addWidget(level_);
    top->addWidget(filter_, 1);
    top->addWidget(flaggedOnly_);
    top->addWidget(count_);

    auto* reasonsBox = new QWidget(this);
    auto* rl = new QVBoxLayout(reasonsBox);
    rl->setContentsMargins(0, 4, 0, 0);
    rl->addWidget(reasonsTitle_);
    rl->addWidget(reasons_);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(reasonsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addLayout(top);
    lay->addWidget(scoreStatus_);
    lay->addWidget(split, 1);
}

void AccountsView::connectSignals() {
    filterDebounce_ = new QTimer(this);
    filterDebounce_->setSingleShot(true);
    filterDebounce_->setInterval(150);
    connect(filter_, &QLineEdit::textChanged, filterDebounce_, qOverload<>(&QTimer::start));
    connect(filterDebounce_, &QTimer::timeout, this, [this] { model_->setFilter(filter_->text()); });
    connect(flaggedOnly_, &QCheckBox::toggled, model_, &EntityTableModel::setFlaggedOnly);
    connect(level_, &QComboBox::currentIndexChanged, this,
            [this](int i) { session_->selection().setLevel(static_cast<EntityLevel>(i)); });
    connect(&session_->selection(), &Selection::levelChanged, this, [this](EntityLevel l) {
        level_->setCurrentIndex(static_cast<int>(l));
        model_->setLevel(l);
    });
    connect(model_, &EntityTableModel::indexLoaded, this, [this](int rows) {
        count_->setText(tr("%1 entities").arg(formatCount(rows)));
        syncFromSelection();
        refreshScoreStatus();
        Q_EMIT indexLoaded(rows);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AccountsView::onCurrentRowChanged);
    connect(&session_->selection(), &Selection::entityChanged, this, [this] {
        syncFromSelection();
        showReasons();
    });
    connect(session_, &CaseSession::caseOpened, model_, &EntityTableModel::reload);
    connect(session_, &CaseSession::contentChanged, model_, &EntityTableModel::reload);
    connect(session_, &CaseSession::caseClosed, model_, &EntityTableModel::reload);
    connect(session_, &CaseSession::caseClosed, scoreStatus_, &QLabel::hide);
}

// Asked again whenever the index reloads: after a case opens, an import, an analysis, a level change.
void AccountsView::refreshScoreStatus() {
    const auto level = model_->level();
    const QString levelName = level_->itemText(static_cast<int>(level));
    session_->reader().submit<query::ScoreStatus>(
        this, "score-status", [level](store::Database& db) { return query::loadScoreStatus(db, level); },
        [this, levelName](Result<query::ScoreStatus> r) {
            const QString text = r ? scoreStatusText(*r, levelName)
                                   : tr("Could not tell whether the scores are current: %1")
                                         .arg(QString::fromStdString(r.error().describe()));
            scoreStatus_->setText(text);
            scoreStatus_->setVisible(!text.isEmpty());
            Q_EMIT scoreStatusShown(text);
        });
}

void AccountsView::focusFilter() {
    filter_->setFocus();
    filter_->selectAll();
}

void AccountsView::selectTopEntity() {
    if (model_->rowCount() == 0) return;
    table_->selectRow(0);
    table_->setCurrentIndex(model_->index(0, 0));
}

void AccountsView::onCurrentRowChanged() {
    if (syncing_) return;
    const int row = table_->currentIndex().row();
    const QString entity = model_->entityAt(row);
    if (entity.isEmpty()) return;
    const auto* cached = model_->rowData(row);
    if (cached) {
        session_->selection().setEntity(entity, cached->clusterId);
        return;
    }
    // The row's page is not cached yet: look the cluster up on the worker.
    const auto level = model_->level();
    const std::string id = entity.toStdString();
    session_->reader().submit<std::optional<int64_t>>(
        this, "cluster-of", [level, id](store::Database& db) { return query::clusterOf(db, level, id); },
        [this, entity](Result<std::optional<int64_t>> r) {
            session_->selection().setEntity(entity, r ? *r : std::nullopt);
        });
}

void AccountsView::syncFromSelection() {
    const QString& entity = session_->selection().entity();
    if (entity.isEmpty() || model_->entityAt(table_->currentIndex().row()) == entity) return;
    const int row = model_->rowOf(entity);
    if (row < 0) return;
    syncing_ = true;
    table_->selectRow(row);
    table_->scrollTo(model_->index(row, 0));
    syncing_ = false;
}

void AccountsView::showReasons() {
    const QString entity = session_->selection().entity();
    const uint64_t gen = ++reasonsGen_;
    if (entity.isEmpty()) {
        reasonsTitle_->setText(tr("Select an entity to see why it scored as it did."));
        reasons_->clear();
        return;
    }
    const auto level = session_->selection().level();
    const std::string id = entity.toStdString();
    struct Why {
        std::vector<query::EntityRow> row;
        std::vector<query::FeatureRow> features;
    };
    session_->reader().submit<Why>(
        this, "reasons",
        [level, id](store::Database& db) -> Result<Why> {
            Why w;
            auto row = query::loadEntityRows(db, level, {id});
            if (!row) return row.error();
            auto f = query::loadEntityFeatures(db, level, id);
            if (!f) return f.error();
            w.row = std::move(row.value());
            w.features = std::move(f.value());
            return w;
        },
        [this, gen, entity](Result<Why> r) {
            if (gen != reasonsGen_ || !r) return;
            QString text;
            if (!r->row.empty()) {
                const auto& e = r->row.front();
                reasonsTitle_->setText(tr("%1 — score %2%3")
                                           .arg(oneLine(e.entity, 80))
                                           .arg(e.score, 0, 'f', 2)
                                           .arg(e.flagged ? tr(" — FLAGGED") : QString()));
                const QString reasons = plainText(e.reasons, 8000);
                for (const auto& part : reasons.split(QStringLiteral("; "), Qt::SkipEmptyParts)) text += "• " + part + "\n";
                if (reasons.isEmpty()) text += tr("No analysis for this level yet: run Analyse (Ctrl+R).\n");
                text += tr("\n%1 requests, %2 input / %3 output tokens")
                            .arg(formatCount(e.requests), formatCount(e.inputTokens), formatCount(e.outputTokens));
                if (e.onsetUs) text += tr("; behaviour changed at %1").arg(formatTimeUs(*e.onsetUs));
                text += "\n";
            } else {
                reasonsTitle_->setText(oneLine(entity.toStdString(), 80));
            }
            if (!r->features.empty()) {
                text += tr("\nFeatures (contribution to the score):\n");
                for (const auto& f : r->features) {
                    if (!f.available) continue;
                    text += QStringLiteral("  %1  %2\n").arg(f.contribution, 6, 'f', 2).arg(plainText(f.sentence, 400));
                }
            }
            reasons_->setPlainText(text);
        });
}

} // namespace siphon::ui
