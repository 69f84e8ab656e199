#pragma once
// Virtual table over the scored entities of one level. It owns only a row -> entity index (built
// on the reader worker in the current sort/filter order) and an LRU cache of row pages fetched
// on demand by id; rows not cached yet show "loading…" and dataChanged fires per page.
// Sorting/filtering re-queries the index (generation-tagged; stale results are dropped).
// Thread: GUI only.
#include "query/entity_query.h"

#include <QAbstractTableModel>

#include <list>
#include <unordered_map>
#include <unordered_set>

namespace siphon::ui {

class CaseSession;
class TagStore;

class EntityTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Entity, Score, Flagged, Cluster, Tags, Requests, InputTokens, OutputTokens, FirstSeen, LastSeen, Onset, ColumnCount };
    static constexpr int kPageRows = 200;
    static constexpr size_t kMaxPages = 64;
    // Role returning the score as double (for the bar delegate) and the full row's reasons.
    static constexpr int ScoreRole = Qt::UserRole + 1;
    static constexpr int ReasonsRole = Qt::UserRole + 2;
    static constexpr int EntityRole = Qt::UserRole + 3;

    EntityTableModel(CaseSession* session, TagStore* tags, QObject* parent = nullptr);

    void setLevel(EntityLevel level);
    void setFilter(const QString& text);
    void setFlaggedOnly(bool on);
    void reload();   // rebuild the index (case content changed)
    EntityLevel level() const { return request_.level; }
    bool indexReady() const { return ready_; }

    QString entityAt(int row) const;
    int rowOf(const QString& entity) const;   // -1 when not in the index
    const query::EntityRow* rowData(int row) const;   // nullptr when not cached yet

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

Q_SIGNALS:
    void indexLoaded(int rows);
    void failed(const QString& message);

private:
    void requestPage(int page) const;
    void pageArrived(uint64_t gen, int page, std::vector<query::EntityRow> rows);
    void touch(int page) const;

    CaseSession* session_;
    TagStore* tags_;
    query::EntityIndexRequest request_;
    std::vector<std::string> index_;
    bool ready_ = false;
    uint64_t gen_ = 0;
    struct Page {
        std::vector<query::EntityRow> rows;
        std::list<int>::iterator lru;
    };
    mutable std::unordered_map<int, Page> pages_;
    mutable std::list<int> lru_;   // front = most recent
    mutable std::unordered_set<int> pending_;
};

} // namespace siphon::ui
