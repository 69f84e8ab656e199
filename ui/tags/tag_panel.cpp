#include "tags/tag_panel.h"

#include "session/case_session.h"
#include "tags/tag_dialog.h"
#include "tags/tag_list_model.h"
#include "tags/tag_store.h"
#include "util/format.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace siphon::ui {

TagPanel::TagPanel(CaseSession* session, TagStore* tags, QWidget* parent)
    : QWidget(parent), session_(session), tags_(tags), model_(new TagListModel(tags, this)) {
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(TagListModel::Label, 95);
    table_->setColumnWidth(TagListModel::Target, 170);
    table_->setWordWrap(false);
    tagEntity_ = new QPushButton(QIcon(":/icons/tag.svg"), tr("Tag entity…"), this);
    tagEntity_->setToolTip(tr("Tag the selected entity (Ctrl+T)"));
    tagCluster_ = new QPushButton(tr("Tag cluster…"), this);
    remove_ = new QPushButton(tr("Remove"), this);
    remove_->setToolTip(tr("Untag: the tag stays in the audit log, marked removed"));
    undo_ = new QPushButton(tr("Undo last"), this);
    auto* showRemoved = new QCheckBox(tr("Show removed"), this);

    auto* buttons = new QGridLayout;
    buttons->addWidget(tagEntity_, 0, 0);
    buttons->addWidget(tagCluster_, 0, 1);
    buttons->addWidget(remove_, 1, 0);
    buttons->addWidget(undo_, 1, 1);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(6, 6, 6, 6);
    lay->addLayout(buttons);
    lay->addWidget(table_, 1);
    lay->addWidget(showRemoved);

    connect(tagEntity_, &QPushButton::clicked, this, &TagPanel::tagCurrentEntity);
    connect(tagCluster_, &QPushButton::clicked, this, &TagPanel::tagCurrentCluster);
    connect(remove_, &QPushButton::clicked, this, &TagPanel::removeSelected);
    connect(undo_, &QPushButton::clicked, tags_, &TagStore::undoLast);
    connect(showRemoved, &QCheckBox::toggled, model_, &TagListModel::setShowRemoved);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) { navigate(i.row()); });
    connect(&session_->selection(), &Selection::entityChanged, this, &TagPanel::updateButtons);
    connect(tags_, &TagStore::changed, this, &TagPanel::updateButtons);
    connect(session_, &CaseSession::caseOpened, this, &TagPanel::updateButtons);
    updateButtons();
}

void TagPanel::updateButtons() {
    const bool w = session_->isOpen() && session_->writable() && tags_->loaded();
    tagEntity_->setEnabled(w && !session_->selection().entity().isEmpty());
    tagCluster_->setEnabled(w && session_->selection().clusterId().has_value());
    remove_->setEnabled(w);
    undo_->setEnabled(w);
}

void TagPanel::tagCurrentEntity() {
    const auto& sel = session_->selection();
    if (sel.entity().isEmpty()) return;
    TagDialog d(tags_, tr("Tag %1 %2").arg(QString::fromLatin1(levelInfo(sel.level()).name.data()), oneLine(sel.entity().toStdString(), 60)), this);
    if (d.exec() != QDialog::Accepted) return;
    evidence::TagTarget t;
    t.kind = evidence::TargetKind::Entity;
    t.level = sel.level();
    t.entity = sel.entity().toStdString();
    tags_->addTag(t, d.label(), d.note());
}

void TagPanel::tagCurrentCluster() {
    const auto cluster = session_->selection().clusterId();
    if (!cluster) return;
    TagDialog d(tags_, tr("Tag cluster C%1 (every member)").arg(*cluster), this);
    if (d.exec() != QDialog::Accepted) return;
    evidence::TagTarget t;
    t.kind = evidence::TargetKind::Cluster;
    t.clusterId = *cluster;
    tags_->addTag(t, d.label(), d.note());
}

void TagPanel::removeSelected() {
    const auto* t = model_->tagAt(table_->currentIndex().row());
    if (!t || !t->active()) return;
    bool ok = false;
    const QString why = QInputDialog::getText(this, tr("Remove tag"), tr("Reason (kept in the audit log):"),
                                              QLineEdit::Normal, {}, &ok);
    if (ok) tags_->untag(t->id, why);
}

void TagPanel::navigate(int row) {
    const auto* t = model_->tagAt(row);
    if (!t) return;
    auto& sel = session_->selection();
    switch (t->target.kind) {
    case evidence::TargetKind::Entity:
    case evidence::TargetKind::Range:
        sel.setLevel(t->target.level);
        sel.setEntity(QString::fromStdString(t->target.entity), std::nullopt);
        if (t->target.kind == evidence::TargetKind::Range) {
            sel.setRange(TimeRange{t->target.fromUs, t->target.toUs});
            Q_EMIT navigateToRange();
        }
        break;
    case evidence::TargetKind::Request: sel.setRequest(t->target.requestRowId); break;
    case evidence::TargetKind::Cluster: break;
    }
}

} // namespace siphon::ui
