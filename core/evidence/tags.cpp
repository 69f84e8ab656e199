#include "evidence/tags.h"

#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"
#include "util/time_util.h"

#include <QJsonObject>

namespace siphon::evidence {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

void withReview(QJsonObject& payload, const QJsonObject& review) {
    if (!review.isEmpty()) payload[QStringLiteral("review")] = review;
}

} // namespace

QJsonObject tagTargetJson(const TagTarget& t) {
    QJsonObject o;
    o[QStringLiteral("kind")] = q(std::string(targetKindName(t.kind)));
    switch (t.kind) {
    case TargetKind::Range:
        o[QStringLiteral("from")] = q(timeutil::formatIso8601(t.fromUs, true));
        o[QStringLiteral("to")] = q(timeutil::formatIso8601(t.toUs, true));
        [[fallthrough]];
    case TargetKind::Entity:
        o[QStringLiteral("level")] = q(std::string(levelInfo(t.level).name));
        o[QStringLiteral("entity")] = q(t.entity);
        break;
    case TargetKind::Request: o[QStringLiteral("request_row_id")] = static_cast<double>(t.requestRowId); break;
    case TargetKind::Cluster: o[QStringLiteral("cluster_id")] = static_cast<double>(t.clusterId); break;
    }
    return o;
}

std::optional<TagTarget> tagTargetFromJson(const QJsonObject& o) {
    auto kind = targetKindFromName(o.value(QStringLiteral("kind")).toString().toStdString());
    if (!kind) return std::nullopt;
    TagTarget t;
    t.kind = *kind;
    t.requestRowId = static_cast<int64_t>(o.value(QStringLiteral("request_row_id")).toDouble());
    t.clusterId = static_cast<int64_t>(o.value(QStringLiteral("cluster_id")).toDouble());
    if (t.kind == TargetKind::Entity || t.kind == TargetKind::Range) {
        auto level = levelFromName(o.value(QStringLiteral("level")).toString().toStdString());
        if (!level) return std::nullopt;
        t.level = *level;
        t.entity = o.value(QStringLiteral("entity")).toString().toStdString();
    }
    if (t.kind == TargetKind::Range) {
        auto from = timeutil::parseIso8601(o.value(QStringLiteral("from")).toString().toStdString());
        auto to = timeutil::parseIso8601(o.value(QStringLiteral("to")).toString().toStdString());
        if (!from || !to) return std::nullopt;
        t.fromUs = from->us;
        t.toUs = to->us;
    }
    return t;
}

namespace {

// Commits a tag change with its audit entry, then moves the chain's anchor to the new head.
Status commitAudited(store::Database& db, store::Transaction& tx) {
    if (Status s = tx.commit(); !s) return s;
    (void)writeChainAnchor(db);
    return {};
}

Result<bool> exists(const store::Database& db, const std::string& sql, auto bindFn) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bindFn(*st);
    auto r = st->step();
    if (r == store::StepResult::Error) return db.lastError("checking the tag target");
    return r == store::StepResult::Row;
}

Result<bool> targetExists(const store::Database& db, const TagTarget& t) {
    switch (t.kind) {
    case TargetKind::Entity:
    case TargetKind::Range: {
        // Column name from the fixed level table, never from input.
        const std::string sql = "SELECT 1 FROM request WHERE " + std::string(levelInfo(t.level).column) +
                                " = ? LIMIT 1";
        auto r = exists(db, sql, [&](store::Statement& s) { s.bind(1, t.entity); });
        if (!r || *r) return r;
        return exists(db, "SELECT 1 FROM entity_score WHERE level = ? AND entity = ?",
                      [&](store::Statement& s) { s.bind(1, static_cast<int>(t.level)).bind(2, t.entity); });
    }
    case TargetKind::Request:
        return exists(db, "SELECT 1 FROM request WHERE id = ?", [&](store::Statement& s) { s.bind(1, t.requestRowId); });
    case TargetKind::Cluster:
        return exists(db, "SELECT 1 FROM cluster WHERE id = ?", [&](store::Statement& s) { s.bind(1, t.clusterId); });
    }
    return false;
}

} // namespace

std::string_view targetKindName(TargetKind k) {
    switch (k) {
    case TargetKind::Entity: return "entity";
    case TargetKind::Request: return "request";
    case TargetKind::Range: return "range";
    case TargetKind::Cluster: return "cluster";
    }
    return "entity";
}

std::optional<TargetKind> targetKindFromName(std::string_view name) {
    for (TargetKind k : {TargetKind::Entity, TargetKind::Request, TargetKind::Range, TargetKind::Cluster})
        if (targetKindName(k) == name) return k;
    return std::nullopt;
}

std::string describeTarget(const TagTarget& t) {
    switch (t.kind) {
    case TargetKind::Entity: return std::string(levelInfo(t.level).name) + " " + t.entity;
    case TargetKind::Request: return "request #" + std::to_string(t.requestRowId);
    case TargetKind::Range:
        return std::string(levelInfo(t.level).name) + " " + t.entity + " " + timeutil::formatIso8601(t.fromUs) +
               " .. " + timeutil::formatIso8601(t.toUs);
    case TargetKind::Cluster: return "cluster " + std::to_string(t.clusterId);
    }
    return {};
}

Result<std::vector<Label>> listLabels(const store::Database& db) {
    auto st = db.prepare("SELECT id, name, colour, description, builtin FROM label ORDER BY id");
    if (!st) return st.error();
    std::vector<Label> out;
    while (st->step() == store::StepResult::Row)
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3), st->columnInt(4) != 0});
    return out;
}

Result<Label> findLabel(const store::Database& db, const std::string& name) {
    auto st = db.prepare("SELECT id, name, colour, description, builtin FROM label WHERE name = ?");
    if (!st) return st.error();
    st->bind(1, name);
    if (st->step() != store::StepResult::Row) {
        std::string known;
        if (auto all = listLabels(db))
            for (const auto& l : *all) known += (known.empty() ? "" : ", ") + ("'" + l.name + "'");
        return makeError(ErrorCode::Usage, "unknown label '" + name + "' (labels: " + known + ")");
    }
    return Label{st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3), st->columnInt(4) != 0};
}

Result<Tag> addTag(store::Database& db, const TagTarget& target, const std::string& labelName,
                   const std::string& note, const std::string& author, const QJsonObject& review) {
    if (author.empty()) return makeError(ErrorCode::Usage, "a tag needs an author (--by)");
    if ((target.kind == TargetKind::Entity || target.kind == TargetKind::Range) && target.entity.empty())
        return makeError(ErrorCode::Usage, "empty entity id");
    if (target.kind == TargetKind::Range && target.toUs <= target.fromUs)
        return makeError(ErrorCode::Usage, "time range must end after it starts");
    auto label = findLabel(db, labelName);
    if (!label) return label.error();
    auto ok = targetExists(db, target);
    if (!ok) return ok.error();
    if (!*ok) return makeError(ErrorCode::Usage, "no such target in this case: " + describeTarget(target));

    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    Tag t;
    t.target = target;
    t.label = *label;
    t.note = note;
    t.author = author;
    t.createdAtUs = timeutil::nowUs();
    auto ins = db.prepare(
        "INSERT INTO tag (target_kind, level, entity, request_row_id, cluster_id, from_us, to_us, label_id, note,"
        " author, created_at_us) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins) return ins.error();
    const bool hasEntity = target.kind == TargetKind::Entity || target.kind == TargetKind::Range;
    const bool isRange = target.kind == TargetKind::Range;
    ins->bind(1, targetKindName(target.kind));
    hasEntity ? ins->bind(2, static_cast<int>(target.level)) : ins->bindNull(2);
    hasEntity ? ins->bind(3, target.entity) : ins->bindNull(3);
    target.kind == TargetKind::Request ? ins->bind(4, target.requestRowId) : ins->bindNull(4);
    target.kind == TargetKind::Cluster ? ins->bind(5, target.clusterId) : ins->bindNull(5);
    isRange ? ins->bind(6, target.fromUs) : ins->bindNull(6);
    isRange ? ins->bind(7, target.toUs) : ins->bindNull(7);
    ins->bind(8, label->id).bindTextOrNull(9, note).bind(10, author).bind(11, t.createdAtUs);
    if (Status s = ins->run(); !s) return s.error();
    t.id = db.lastInsertRowId();

    QJsonObject p;
    p[QStringLiteral("tag_id")] = static_cast<double>(t.id);
    p[QStringLiteral("label")] = q(label->name);
    p[QStringLiteral("note")] = q(note);
    p[QStringLiteral("target")] = tagTargetJson(target);
    withReview(p, review);
    if (auto a = appendAudit(db, author, "tag", p, t.createdAtUs); !a) return a.error();
    if (Status s = commitAudited(db, tx); !s) return s.error();
    return t;
}

Status untag(store::Database& db, int64_t tagId, const std::string& author, const std::string& note,
             const QJsonObject& review) {
    if (author.empty()) return makeError(ErrorCode::Usage, "untag needs an author (--by)");
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    auto st = db.prepare("SELECT removed_at_us FROM tag WHERE id = ?");
    if (!st) return st.error();
    st->bind(1, tagId);
    if (st->step() != store::StepResult::Row) return makeError(ErrorCode::Usage, "no tag " + std::to_string(tagId));
    if (!st->columnIsNull(0)) return makeError(ErrorCode::Usage, "tag " + std::to_string(tagId) + " was already removed");
    const int64_t now = timeutil::nowUs();
    auto up = db.prepare("UPDATE tag SET removed_at_us = ?, removed_by = ?, removed_note = ? WHERE id = ?");
    if (!up) return up.error();
    up->bind(1, now).bind(2, author).bindTextOrNull(3, note).bind(4, tagId);
    if (Status s = up->run(); !s) return s;
    QJsonObject p;
    p[QStringLiteral("tag_id")] = static_cast<double>(tagId);
    p[QStringLiteral("note")] = q(note);
    withReview(p, review);
    if (auto a = appendAudit(db, author, "untag", p, now); !a) return a.error();
    return commitAudited(db, tx);
}

Status addTagNote(store::Database& db, int64_t tagId, const std::string& note, const std::string& author,
                  const QJsonObject& review) {
    if (author.empty() || note.empty()) return makeError(ErrorCode::Usage, "a note needs text and an author");
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    if (auto e = exists(db, "SELECT 1 FROM tag WHERE id = ?", [&](store::Statement& s) { s.bind(1, tagId); }); !e)
        return e.error();
    else if (!*e)
        return makeError(ErrorCode::Usage, "no tag " + std::to_string(tagId));
    const int64_t now = timeutil::nowUs();
    auto ins = db.prepare("INSERT INTO tag_note (tag_id, note, author, created_at_us) VALUES (?,?,?,?)");
    if (!ins) return ins.error();
    ins->bind(1, tagId).bind(2, note).bind(3, author).bind(4, now);
    if (Status s = ins->run(); !s) return s;
    QJsonObject p;
    p[QStringLiteral("tag_id")] = static_cast<double>(tagId);
    p[QStringLiteral("note")] = q(note);
    withReview(p, review);
    if (auto a = appendAudit(db, author, "note", p, now); !a) return a.error();
    return commitAudited(db, tx);
}

Result<std::vector<Tag>> listTags(const store::Database& db, TagFilter filter) {
    auto st = db.prepare(
        "SELECT t.id, t.target_kind, t.level, t.entity, t.request_row_id, t.cluster_id, t.from_us, t.to_us,"
        " l.id, l.name, l.colour, l.description, l.builtin, t.note, t.author, t.created_at_us, t.removed_at_us,"
        " t.removed_by, t.removed_note FROM tag t JOIN label l ON l.id = t.label_id ORDER BY t.id");
    if (!st) return st.error();
    std::vector<Tag> out;
    for (;;) {
        auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading tags");
        Tag t;
        t.id = st->columnInt(0);
        t.target.kind = targetKindFromName(st->columnText(1)).value_or(TargetKind::Entity);
        t.target.level = static_cast<EntityLevel>(st->columnInt(2));
        t.target.entity = st->columnText(3);
        t.target.requestRowId = st->columnInt(4);
        t.target.clusterId = st->columnInt(5);
        t.target.fromUs = st->columnInt(6);
        t.target.toUs = st->columnInt(7);
        t.label = {st->columnInt(8), st->columnText(9), st->columnText(10), st->columnText(11), st->columnInt(12) != 0};
        t.note = st->columnText(13);
        t.author = st->columnText(14);
        t.createdAtUs = st->columnInt(15);
        t.removedAtUs = st->columnOptInt(16);
        t.removedBy = st->columnText(17);
        t.removedNote = st->columnText(18);
        if (!filter.includeRemoved && !t.active()) continue;
        out.push_back(std::move(t));
    }
    auto ns = db.prepare("SELECT tag_id, note, author, created_at_us FROM tag_note ORDER BY id");
    if (!ns) return ns.error();
    while (ns->step() == store::StepResult::Row) {
        const int64_t id = ns->columnInt(0);
        for (auto& t : out)
            if (t.id == id) t.notes.push_back({ns->columnText(1), ns->columnText(2), ns->columnInt(3)});
    }
    return out;
}

} // namespace siphon::evidence
