#pragma once
// The case's labels and tags as the GUI holds them: loaded on the reader worker, changed on the
// writer worker through the evidence API (evidence::addTag / untag, which also append to the
// audit log). Undo of a tag is an untag (tags are never deleted). Thread: GUI only.
#include "evidence/tags.h"

#include <QColor>
#include <QObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace siphon::ui {

class CaseSession;

struct ShadedRange {
    int64_t fromUs = 0, toUs = 0;
    QColor colour;
    QString label;
};

class TagStore : public QObject {
    Q_OBJECT
public:
    explicit TagStore(CaseSession* session, QObject* parent = nullptr);

    void reload();
    const std::vector<evidence::Tag>& tags() const { return tags_; }
    const std::vector<evidence::Label>& labels() const { return labels_; }
    bool loaded() const { return loaded_; }

    // Active labels on an entity (entity tags only), for the accounts table's chips.
    QStringList labelsFor(EntityLevel level, const std::string& entity) const;
    // Active range tags of the entities, for timeline shading.
    std::vector<ShadedRange> rangesFor(EntityLevel level, const std::vector<std::string>& entities) const;
    QColor labelColour(const std::string& labelName) const;

    // done(tag id or error message) on the GUI thread; changed() follows a success.
    void addTag(const evidence::TagTarget& target, const QString& label, const QString& note,
                std::function<void(int64_t tagId, QString error)> done = {});
    void untag(int64_t tagId, const QString& note, std::function<void(QString error)> done = {});
    // Undoes the last tag added in this session (untags it). False when there is none.
    bool undoLast();

Q_SIGNALS:
    void changed();
    void failed(const QString& message);

private:
    QString readOnlyReason() const;
    CaseSession* session_;
    std::vector<evidence::Tag> tags_;
    std::vector<evidence::Label> labels_;
    std::vector<int64_t> undoStack_;
    bool loaded_ = false;
    uint64_t gen_ = 0;
};

} // namespace siphon::ui
