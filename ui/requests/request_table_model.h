#pragma once
// Virtual table of a selection's requests: a row -> request id index (ts, id order) loaded on
// the slow reader worker, and an LRU cache of 200-row pages fetched by id on the fast reader.
// Rows not cached yet show "…"; dataChanged fires for exactly the page that arrived.
// Thread: GUI only.
#include "query/request_query.h"

#include <QAbstractTableModel>

#include <list>
#include <unordered_map>
#include <unordered_set>

namespace siphon::ui {

class CaseSession;

class RequestTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Account, Key, Ip, Model, Endpoint, InputTokens, OutputTokens, Status, Prompt, ColumnCount };
    static constexpr int kPageRows = 200;
    static constexpr size_t kMaxPages = 50;
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit RequestTableModel(CaseSession* session, QObject* parent = nullptr);

    // Replaces the index (from a finished index query). gen guards against stale pages.
    void setIndex(query::RequestIndex index);
    void clear();
    int64_t idAt(int row) const;
    bool truncated() const { return truncated_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const query::RequestRow* rowData(int row) const;
    void requestPage(int page) const;

    CaseSession* session_;
    std::vector<int64_t> ids_;
    bool truncated_ = false;
    uint64_t gen_ = 0;
    struct Page {
        std::vector<query::RequestRow> rows;   // aligned with ids_ (id 0 = missing)
        std::list<int>::iterator lru;
    };
    mutable std::unordered_map<int, Page> pages_;
    mutable std::list<int> lru_;
    mutable std::unordered_set<int> pending_;
};

} // namespace siphon::ui
