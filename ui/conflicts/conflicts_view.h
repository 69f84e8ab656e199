#pragma once
// Conflicts tab: records whose id was reused with different content (both kept on import), each
// pair with the file, line and byte offset of both records. Read-only; loads on the reader
// thread when a case opens or its content changes. Record ids are adversary-written: shown as
// plain text only.
#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace siphon::ui {

class CaseSession;

class ConflictsView : public QWidget {
    Q_OBJECT
public:
    explicit ConflictsView(CaseSession* session, QWidget* parent = nullptr);
    ConflictsView(const ConflictsView&) = delete;
    ConflictsView& operator=(const ConflictsView&) = delete;

    int rowCount() const;   // conflict pairs shown (tests)
    QStandardItemModel* model() const;

Q_SIGNALS:
    void loaded();

private:
    void reload();
    void clear();

    CaseSession* session_;
    QLabel* summary_;
    QStandardItemModel* model_;
    QTableView* table_;
};

} // namespace siphon::ui
