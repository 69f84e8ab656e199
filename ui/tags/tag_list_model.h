#pragma once
// The case's tags as a table (label, target, note, author, time, state), newest first.
// Small (tags are made by hand), so it holds plain copies from TagStore. Thread: GUI only.
#include "evidence/tags.h"

#include <QAbstractTableModel>

namespace siphon::ui {

class TagStore;

class TagListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Label, Target, Note, Author, Created, ColumnCount };
    explicit TagListModel(TagStore* store, QObject* parent = nullptr);
    const evidence::Tag* tagAt(int row) const;
    void setShowRemoved(bool on);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void refresh();
    TagStore* store_;
    std::vector<evidence::Tag> rows_;
    bool showRemoved_ = false;
};

} // namespace siphon::ui
