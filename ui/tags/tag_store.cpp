#include "tags/tag_store.h"

#include "session/case_session.h"
#include "util/log.h"

#include <algorithm>

namespace siphon::ui {

namespace {
struct TagsAndLabels {
    std::vector<evidence::Tag> tags;
    std::vector<evidence::Label> labels;
};
} // namespace

TagStore::TagStore(CaseSession* session, QObject* parent) : QObject(parent), session_(session) {
    connect(session_, &CaseSession::caseOpened, this, &TagStore::reload);
    connect(session_, &CaseSession::tagsChanged, this, &TagStore::reload);
    connect(session_, &CaseSession::caseClosed, this, [this] {
        ++gen_;
        tags_.clear();
        labels_.clear();
        undoStack_.clear();
        loaded_ = false;
        Q_EMIT changed();
    });
}

void TagStore::reload() {
    const uint64_t gen = ++gen_;
    session_->reader().submit<TagsAndLabels>(
        this, "tags",
        [](store::Database& db) -> Result<TagsAndLabels> {
            TagsAndLabels out;
            auto labels = evidence::listLabels(db);
            if (!labels) return labels.error();
            auto tags = evidence::listTags(db);
            if (!tags) return tags.error();
            out.labels = std::move(labels.value());
            out.tags = std::move(tags.value());
            return out;
        },
        [this, gen](Result<TagsAndLabels> r) {
            if (gen != gen_) return;
            if (!r) {
                Q_EMIT failed(QString::fromStdString(r.error().describe()));
                return;
            }
            tags_ = std::move(r->tags);
            labels_ = std::move(r->labels);
            loaded_ = true;
            Q_EMIT changed();
        });
}

QStringList TagStore::labelsFor(EntityLevel level, const std::string& entity) const {
    QStringList out;
    for (const auto& t : tags_)
        if (t.active() && t.target.kind == evidence::TargetKind::Entity && t.target.level == level &&
            t.target.entity == entity) {
            const auto name = QString::fromStdString(t.label.name);
            if (!out.contains(name)) out << name;
        }
    return out;
}

std::vector<ShadedRange> TagStore::rangesFor(EntityLevel level, const std::vector<std::string>& entities) const {
    std::vector<ShadedRange> out;
    for (const auto& t : tags_) {
        if (!t.active() || t.target.kind != evidence::TargetKind::Range || t.target.level != level) continue;
        if (std::find(entities.begin(), entities.end(), t.target.entity) == entities.end()) continue;
        out.push_back({t.target.fromUs, t.target.toUs, labelColour(t.label.name), QString::fromStdString(t.label.name)});
    }
    return out;
}

QColor TagStore::labelColour(const std::string& labelName) const {
    for (const auto& l : labels_)
        if (l.name == labelName) {
            QColor c(QString::fromStdString(l.colour));
            if (c.isValid()) return c;
        }
    return QColor(0x7e, 0x57, 0xc2);
}

// Empty when tags can be written; otherwise why not, in words.
QString TagStore::readOnlyReason() const {
    if (!session_->isOpen() || session_->writable()) return {};
    return session_->readOnlyByChoice() ? tr("the case is open read-only for review: tags cannot be changed")
                                        : tr("the case cannot be written here (read-only file or folder)");
}

void TagStore::addTag(const evidence::TagTarget& target, const QString& label, const QString& note,
                      std::function<void(int64_t, QString)> done) {
    if (const QString why = readOnlyReason(); !why.isEmpty()) {
        if (done) done(0, why);
        Q_EMIT failed(why);
        return;
    }
    const std::string labelName = label.toStdString(), noteText = note.toStdString(),
                      author = session_->author().toStdString();
    session_->writer().submit<evidence::Tag>(
        this, {},
        [target, labelName, noteText, author](store::Database& db) {
            return evidence::addTag(db, target, labelName, noteText, author);
        },
        [this, done](Result<evidence::Tag> r) {
            if (!r) {
                const auto msg = QString::fromStdString(r.error().describe());
                qCWarning(log::lcEvidence) << "tag failed:" << msg;
                if (done) done(0, msg);
                Q_EMIT failed(msg);
                return;
            }
            undoStack_.push_back(r->id);
            if (done) done(r->id, {});
            session_->notifyTagsChanged();   // reloads this store too
        });
}

void TagStore::untag(int64_t tagId, const QString& note, std::function<void(QString)> done) {
    if (const QString why = readOnlyReason(); !why.isEmpty()) {
        if (done) done(why);
        Q_EMIT failed(why);
        return;
    }
    const std::string noteText = note.toStdString(), author = session_->author().toStdString();
    session_->writer().submit<bool>(
        this, {},
        [tagId, noteText, author](store::Database& db) -> Result<bool> {
            auto s = evidence::untag(db, tagId, author, noteText);
            if (!s) return s.error();
            return true;
        },
        [this, done](Result<bool> r) {
            const QString msg = r ? QString() : QString::fromStdString(r.error().describe());
            if (done) done(msg);
            if (!r) Q_EMIT failed(msg);
            else session_->notifyTagsChanged();   // reloads this store too
        });
}

bool TagStore::undoLast() {
    if (undoStack_.empty()) return false;
    const int64_t id = undoStack_.back();
    undoStack_.pop_back();
    untag(id, QStringLiteral("undo"));
    return true;
}

} // namespace siphon::ui
