#include "accounts/entity_table_model.h"

#include "session/case_session.h"
#include "tags/tag_store.h"
#include "util/format.h"

#include <QBrush>
#include <QFont>

namespace siphon::ui {

EntityTableModel::EntityTableModel(CaseSession* session, TagStore* tags, QObject* parent)
    : QAbstractTableModel(parent), session_(session), tags_(tags) {
    if (tags_)
        connect(tags_, &TagStore::changed, this, [this] {
            if (!index_.empty()) Q_EMIT dataChanged(index(0, Tags), index(rowCount() - 1, Tags));
        });
}

void EntityTableModel::setLevel(EntityLevel level) {
    request_.level = level;
    reload();
}

void EntityTableModel::setFilter(const QString& text) {
    request_.filter = text.trimmed().toStdString();
    reload();
}

void EntityTableModel::setFlaggedOnly(bool on) {
    request_.flaggedOnly = on;
    reload();
}

void EntityTableModel::sort(int column, Qt::SortOrder order) {
    static constexpr query::EntitySort kSorts[ColumnCount] = {
        query::EntitySort::Entity,      query::EntitySort::Score,       query::EntitySort::Flagged,
        query::EntitySort::Cluster,     query::EntitySort::Score,       query::EntitySort::Requests,
        query::EntitySort::InputTokens, query::EntitySort::OutputTokens, query::EntitySort::FirstSeen,
        query::EntitySort::LastSeen,    query::EntitySort::Onset};
    if (column < 0 || column >= ColumnCount) return;
    request_.sort = kSorts[column];
    request_.descending = order == Qt::DescendingOrder;
    reload();
}

void EntityTableModel::reload() {
    const uint64_t gen = ++gen_;
    ready_ = false;
    if (!session_->isOpen()) {
        beginResetModel();
        index_.clear();
        pages_.clear();
        lru_.clear();
        pending_.clear();
        endResetModel();
        return;
    }
    auto req = request_;
    session_->reader().submit<std::vector<std::string>>(
        this, "entity-index", [req](store::Database& db) { return query::loadEntityIndex(db, req); },
        [this, gen](Result<std::vector<std::string>> r) {
            if (gen != gen_) return;   // a newer sort/filter superseded this one
            if (!r) {
                Q_EMIT failed(QString::fromStdString(r.error().describe()));
                return;
            }
            beginResetModel();
            index_ = std::move(r.value());
            pages_.clear();
            lru_.clear();
            pending_.clear();
            ready_ = true;
            endResetModel();
            Q_EMIT indexLoaded(static_cast<int>(index_.size()));
        });
}

QString EntityTableModel::entityAt(int row) const {
    if (row < 0 || row >= static_cast<int>(index_.size())) return {};
    return QString::fromStdString(index_[static_cast<size_t>(row)]);
}

int EntityTableModel::rowOf(const QString& entity) const {
    const std::string key = entity.toStdString();
    for (size_t i = 0; i < index_.size(); ++i)
        if (index_[i] == key) return static_cast<int>(i);
    return -1;
}

const query::EntityRow* EntityTableModel::rowData(int row) const {
    if (row < 0 || row >= static_cast<int>(index_.size())) return nullptr;
    const int page = row / kPageRows;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        requestPage(page);
        return nullptr;
    }
    touch(page);
    const auto& rows = it->second.rows;
    const auto i = static_cast<size_t>(row % kPageRows);
    if (i >= rows.size() || rows[i].entity != index_[static_cast<size_t>(row)]) return nullptr;
    return &rows[i];
}

void EntityTableModel::touch(int page) const {
    auto& p = pages_.at(page);
    lru_.splice(lru_.begin(), lru_, p.lru);
}

void EntityTableModel::requestPage(int page) const {
    if (pending_.count(page)) return;
    pending_.insert(page);
    const size_t begin = static_cast<size_t>(page) * kPageRows;
    const size_t end = std::min(index_.size(), begin + kPageRows);
    std::vector<std::string> ids(index_.begin() + static_cast<std::ptrdiff_t>(begin),
                                 index_.begin() + static_cast<std::ptrdiff_t>(end));
    const auto level = request_.level;
    const uint64_t gen = gen_;
    auto* self = const_cast<EntityTableModel*>(this);
    session_->reader().submit<std::vector<query::EntityRow>>(
        self, {}, [level, ids = std::move(ids)](store::Database& db) { return query::loadEntityRows(db, level, ids); },
        [self, gen, page](Result<std::vector<query::EntityRow>> r) {
            if (gen != self->gen_) return;
            self->pending_.erase(page);
            if (!r) {
                Q_EMIT self->failed(QString::fromStdString(r.error().describe()));
                return;
            }
            self->pageArrived(gen, page, std::move(r.value()));
        });
}

void EntityTableModel::pageArrived(uint64_t, int page, std::vector<query::EntityRow> rows) {
    // Rows arrive in index order but may skip ids that vanished; realign by id.
    const size_t begin = static_cast<size_t>(page) * kPageRows;
    const size_t end = std::min(index_.size(), begin + kPageRows);
    std::vector<query::EntityRow> aligned(end - begin);
    size_t j = 0;
    for (size_t i = begin; i < end && j < rows.size(); ++i)
        if (rows[j].entity == index_[i]) aligned[i - begin] = std::move(rows[j++]);
    for (size_t i = begin; i < end; ++i)
        if (aligned[i - begin].entity.empty()) aligned[i - begin].entity = index_[i];   // shown without data
    lru_.push_front(page);
    pages_[page] = Page{std::move(aligned), lru_.begin()};
    while (pages_.size() > kMaxPages) {
        const int victim = lru_.back();
        lru_.pop_back();
        pages_.erase(victim);
    }
    Q_EMIT dataChanged(index(static_cast<int>(begin), 0), index(static_cast<int>(end) - 1, ColumnCount - 1));
}

int EntityTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(index_.size());
}

int EntityTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EntityTableModel::data(const QModelIndex& idx, int role) const {
    if (!idx.isValid() || idx.row() >= rowCount()) return {};
    if (role == EntityRole) return entityAt(idx.row());
    const auto* row = rowData(idx.row());
    const int col = idx.column();
    if (!row) {
        if (role == Qt::DisplayRole) return col == Entity ? oneLine(index_[static_cast<size_t>(idx.row())], 80) : QStringLiteral("…");
        return {};
    }
    auto optTime = [](const std::optional<int64_t>& t) { return t ? formatTimeUs(*t) : QString(); };
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case Entity: return oneLine(row->entity, 80);
        case Score: return QString::number(row->score, 'f', 2);
        case Flagged: return row->flagged ? QStringLiteral("⚑ flagged") : QString();
        case Cluster: return row->clusterId ? QStringLiteral("C%1").arg(*row->clusterId) : QString();
        case Tags: return tags_ ? tags_->labelsFor(request_.level, row->entity).join(", ") : QString();
        case Requests: return formatCount(row->requests);
        case InputTokens: return formatCompact(static_cast<double>(row->inputTokens));
        case OutputTokens: return formatCompact(static_cast<double>(row->outputTokens));
        case FirstSeen: return optTime(row->firstSeenUs);
        case LastSeen: return optTime(row->lastSeenUs);
        case Onset: return optTime(row->onsetUs);
        }
        break;
    case ScoreRole: return row->score;
    case ReasonsRole: return oneLine(row->reasons, 2000);
    case Qt::ToolTipRole:
        if (col == Entity || col == Score) return plainToolTip(oneLine(row->reasons, 600));
        if (col == InputTokens) return formatCount(row->inputTokens);
        if (col == OutputTokens) return formatCount(row->outputTokens);
        break;
    case Qt::TextAlignmentRole:
        if (col >= Requests && col <= OutputTokens) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (col == Flagged && row->flagged) return QBrush(QColor(0xd3, 0x2f, 0x2f));
        break;
    case Qt::FontRole:
        if (col == Entity && row->flagged) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    }
    return {};
}

QVariant EntityTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    static const char* kNames[ColumnCount] = {"Entity", "Score", "Flag", "Cluster", "Tags", "Requests",
                                               "Input tok", "Output tok", "First seen", "Last seen", "Onset"};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace siphon::ui
