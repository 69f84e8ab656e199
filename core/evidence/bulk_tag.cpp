#include "evidence/bulk_tag.h"

#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"
#include "query/request_query.h"
#include "query/search_index.h"
#include "util/time_util.h"

#include <QJsonArray>

namespace siphon::evidence {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

Status checkFilter(const BulkTagFilter& f, const std::string& author) {
    if (author.empty()) return makeError(ErrorCode::Usage, "a bulk tag needs an author (--by)");
    if (f.entity.empty()) return makeError(ErrorCode::Usage, "a bulk tag needs an entity");
    if (f.fromUs && f.toUs && *f.toUs <= *f.fromUs)
        return makeError(ErrorCode::Usage, "time range must end after it starts");
    return {};
}

// The requests view's own query, so the GUI's current filter and this tag cover the same rows.
Result<std::vector<int64_t>> matchingRequests(store::Database& db, const BulkTagFilter& f, int64_t maxRequests) {
    if (!f.search.empty()) {
        auto state = query::promptIndexState(db);
        if (!state) return state.error();
        if (!state->ready())
            if (Status s = query::buildPromptIndex(db); !s) return s.error();
    }
    query::RequestFilter rf;
    rf.level = f.level;
    rf.entities = {f.entity};
    rf.fromUs = f.fromUs;
    rf.toUs = f.toUs;
    rf.search = f.search;
    rf.maxRows = static_cast<size_t>(maxRequests);
    auto index = query::loadRequestIndex(db, rf);
    if (!index) return index.error();
    if (index->truncated)
        return makeError(ErrorCode::Usage,
                         "the filter matches more than " + std::to_string(maxRequests) +
                             " requests; narrow it (a bulk tag is never partial)");
    if (index->ids.empty()) return makeError(ErrorCode::Usage, "no request matches the filter; nothing was tagged");
    return std::move(index->ids);
}

QJsonObject filterJson(const BulkTagFilter& f) {
    QJsonObject o;
    o[QStringLiteral("level")] = q(std::string(levelInfo(f.level).name));
    o[QStringLiteral("entity")] = q(f.entity);
    if (f.fromUs) o[QStringLiteral("from")] = q(timeutil::formatIso8601(*f.fromUs, true));
    if (f.toUs) o[QStringLiteral("to")] = q(timeutil::formatIso8601(*f.toUs, true));
    o[QStringLiteral("search")] = q(f.search);
    return o;
}

Result<std::vector<std::pair<int64_t, int64_t>>> insertTags(store::Database& db, const std::vector<int64_t>& ids,
                                                            int64_t labelId, const std::string& note,
                                                            const std::string& author, int64_t nowUs) {
    auto ins = db.prepare("INSERT INTO tag (target_kind, request_row_id, label_id, note, author, created_at_us)"
                          " VALUES ('request', ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    std::vector<std::pair<int64_t, int64_t>> out;
    out.reserve(ids.size());
    for (int64_t id : ids) {
        ins->bind(1, id).bind(2, labelId).bindTextOrNull(3, note).bind(4, author).bind(5, nowUs);
        if (Status s = ins->run(); !s) return s.error();
        ins->reset();
        out.emplace_back(db.lastInsertRowId(), id);
    }
    return out;
}

} // namespace

std::vector<QJsonObject> bulkTagItems(const QJsonObject& p) {
    std::vector<QJsonObject> out;
    for (const auto& v : p.value(QStringLiteral("tags")).toArray()) {
        const QJsonArray pair = v.toArray();
        TagTarget t;
        t.kind = TargetKind::Request;
        t.requestRowId = static_cast<int64_t>(pair.at(1).toDouble());
        QJsonObject item;
        item[QStringLiteral("tag_id")] = pair.at(0).toDouble();
        item[QStringLiteral("label")] = p.value(QStringLiteral("label"));
        item[QStringLiteral("note")] = p.value(QStringLiteral("note"));
        item[QStringLiteral("target")] = tagTargetJson(t);
        out.push_back(item);
    }
    return out;
}

Result<BulkTagResult> bulkTag(store::Database& db, const BulkTagFilter& filter, const std::string& labelName,
                              const std::string& note, const std::string& author, int64_t maxRequests) {
    if (Status s = checkFilter(filter, author); !s) return s.error();
    auto label = findLabel(db, labelName);
    if (!label) return label.error();
    auto ids = matchingRequests(db, filter, maxRequests);
    if (!ids) return ids.error();
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    const int64_t now = timeutil::nowUs();
    auto tags = insertTags(db, *ids, label->id, note, author, now);
    if (!tags) return tags.error();
    QJsonArray list;
    for (const auto& [tagId, requestId] : *tags)
        list.append(QJsonArray{static_cast<double>(tagId), static_cast<double>(requestId)});
    QJsonObject p;
    p[QStringLiteral("label")] = q(label->name);
    p[QStringLiteral("note")] = q(note);
    p[QStringLiteral("filter")] = filterJson(filter);
    p[QStringLiteral("requests")] = static_cast<double>(tags->size());
    p[QStringLiteral("tags")] = list;
    auto entry = appendAudit(db, author, "bulk-tag", p, now);
    if (!entry) return entry.error();
    if (Status s = tx.commit(); !s) return s.error();
    (void)writeChainAnchor(db);
    return BulkTagResult{entry->seq, std::move(*tags)};
}

} // namespace siphon::evidence
