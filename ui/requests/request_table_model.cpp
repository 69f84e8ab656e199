#include "requests/request_table_model.h"

#include "session/case_session.h"
#include "util/format.h"

namespace siphon::ui {

RequestTableModel::RequestTableModel(CaseSession* session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {}

void RequestTableModel::setIndex(query::RequestIndex index) {
    beginResetModel();
    ++gen_;
    ids_ = std::move(index.ids);
    truncated_ = index.truncated;
    pages_.clear();
    lru_.clear();
    pending_.clear();
    endResetModel();
}

void RequestTableModel::clear() { setIndex({}); }

int64_t RequestTableModel::idAt(int row) const {
    return row >= 0 && row < static_cast<int>(ids_.size()) ? ids_[static_cast<size_t>(row)] : 0;
}

const query::RequestRow* RequestTableModel::rowData(int row) const {
    const int page = row / kPageRows;
    auto it = pages_.find(page);
    if (it == pages_.end()) {
        requestPage(page);
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    const auto& r = it->second.rows[static_cast<size_t>(row % kPageRows)];
    return r.id ? &r : nullptr;
}

void RequestTableModel::requestPage(int page) const {
    if (pending_.count(page)) return;
    pending_.insert(page);
    const size_t begin = static_cast<size_t>(page) * kPageRows;
    const size_t end = std::min(ids_.size(), begin + kPageRows);
    std::vector<int64_t> ids(ids_.begin() + static_cast<std::ptrdiff_t>(begin), ids_.begin() + static_cast<std::ptrdiff_t>(end));
    auto* self = const_cast<RequestTableModel*>(this);
    const uint64_t gen = gen_;
    session_->reader().submit<std::vector<query::RequestRow>>(
        self, {}, [ids](store::Database& db) { return query::loadRequestRows(db, ids); },
        [self, gen, page, begin, end](Result<std::vector<query::RequestRow>> r) {
            if (gen != self->gen_) return;
            self->pending_.erase(page);
            if (!r) return;
            std::vector<query::RequestRow> aligned(end - begin);
            size_t j = 0;
            for (size_t i = begin; i < end && j < r->size(); ++i)
                if ((*r)[j].id == self->ids_[i]) aligned[i - begin] = std::move((*r)[j++]);
            self->lru_.push_front(page);
            self->pages_[page] = Page{std::move(aligned), self->lru_.begin()};
            while (self->pages_.size() > kMaxPages) {
                self->pages_.erase(self->lru_.back());
                self->lru_.pop_back();
            }
            Q_EMIT self->dataChanged(self->index(static_cast<int>(begin), 0),
                                     self->index(static_cast<int>(end) - 1, ColumnCount - 1));
        });
}

int RequestTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(ids_.size()); }
int RequestTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RequestTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    if (role == IdRole) return QVariant::fromValue<qlonglong>(idAt(index.row()));
    if (role != Qt::DisplayRole && role != Qt::TextAlignmentRole && role != Qt::ToolTipRole) return {};
    const auto* r = rowData(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == InputTokens || index.column() == OutputTokens ? int(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (!r) return role == Qt::DisplayRole ? QVariant(QStringLiteral("…")) : QVariant();
    auto opt = [](const std::optional<int64_t>& v) { return v ? formatCount(*v) : QString(); };
    if (role == Qt::ToolTipRole) return index.column() == Prompt ? plainToolTip(oneLine(r->promptPreview, 160)) : QVariant();
    switch (index.column()) {
    case Time: return formatTimeUsShort(r->tsUs);
    case Account: return oneLine(r->account, 40);
    case Key: return oneLine(r->key, 40);
    case Ip: return oneLine(r->ip, 40);
    case Model: return oneLine(r->model, 40);
    case Endpoint: return oneLine(r->endpoint, 40);
    case InputTokens: return opt(r->inputTokens);
    case OutputTokens: return opt(r->outputTokens);
    case Status: return r->statusCode ? QString::number(*r->statusCode) : QString();
    case Prompt: return oneLine(r->promptPreview, 120);
    }
    return {};
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* kNames[ColumnCount] = {"Time (UTC)", "Account", "Key", "IP", "Model", "Endpoint",
                                               "In tok", "Out tok", "Status", "Prompt"};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace siphon::ui
