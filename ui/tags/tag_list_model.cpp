#include "tags/tag_list_model.h"

#include "tags/tag_store.h"
#include "util/format.h"

#include <QBrush>
#include <QFont>
#include <QPixmap>

#include <algorithm>

namespace siphon::ui {

TagListModel::TagListModel(TagStore* store, QObject* parent) : QAbstractTableModel(parent), store_(store) {
    connect(store_, &TagStore::changed, this, &TagListModel::refresh);
    refresh();
}

void TagListModel::setShowRemoved(bool on) {
    showRemoved_ = on;
    refresh();
}

void TagListModel::refresh() {
    beginResetModel();
    rows_.clear();
    for (const auto& t : store_->tags())
        if (showRemoved_ || t.active()) rows_.push_back(t);
    std::sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    endResetModel();
}

const evidence::Tag* TagListModel::tagAt(int row) const {
    return row >= 0 && row < static_cast<int>(rows_.size()) ? &rows_[static_cast<size_t>(row)] : nullptr;
}

int TagListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int TagListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TagListModel::data(const QModelIndex& index, int role) const {
    const auto* t = index.isValid() ? tagAt(index.row()) : nullptr;
    if (!t) return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        const bool tip = role == Qt::ToolTipRole;
        QString text;
        switch (index.column()) {
        case Label: text = QString::fromStdString(t->label.name) + (t->active() ? QString() : tr(" (removed)")); break;
        case Target: text = oneLine(evidence::describeTarget(t->target), 120); break;
        case Note: text = oneLine(t->note, tip ? 1000 : 120); break;
        case Author: text = oneLine(t->author, 40); break;
        case Created: text = formatTimeUs(t->createdAtUs); break;
        default: return {};
        }
        return tip ? plainToolTip(text) : text;
    }
    if (role == Qt::DecorationRole && index.column() == Label) {
        QPixmap swatch(10, 10);
        swatch.fill(store_->labelColour(t->label.name));
        return swatch;
    }
    if (role == Qt::ForegroundRole && !t->active()) return QBrush(Qt::gray);
    if (role == Qt::FontRole && !t->active()) {
        QFont f;
        f.setStrikeOut(true);
        return f;
    }
    return {};
}

QVariant TagListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* kNames[ColumnCount] = {"Label", "Target", "Note", "By", "When"};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace siphon::ui
