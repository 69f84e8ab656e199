// Tags, untags and tag notes against the audit chain. A row says what a report will state; its
// entry says what was done and by whom. Each must have exactly the other.
#include "evidence/bulk_tag.h"
#include "evidence/canonical_json.h"
#include "evidence/integrity_checks.h"
#include "evidence/tags.h"

#include <deque>
#include <set>
#include <tuple>

namespace siphon::evidence::integrity {

namespace {

std::string s(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString().toStdString(); }
int64_t tagIdOf(const QJsonObject& o) { return static_cast<int64_t>(o.value(QStringLiteral("tag_id")).toDouble(-1)); }
std::string tagName(int64_t id) { return "tag " + std::to_string(id); }

using Index = std::map<int64_t, std::vector<const AuditIndex::Item*>>;

Index byTagId(const AuditIndex& audit, const std::string& action) {
    Index out;
    for (const auto& it : audit.of(action)) out[tagIdOf(it.payload)].push_back(&it);
    return out;
}

// A "bulk-tag" entry made many tags at once: each becomes an item like a "tag" entry's, pointing
// at the bulk entry (its author and time), kept alive in `store` (a deque: pointers stay valid).
void addBulkTags(const AuditIndex& audit, std::deque<AuditIndex::Item>& store, Index& made) {
    for (const auto& bulk : audit.of("bulk-tag"))
        for (QJsonObject& item : bulkTagItems(bulk.payload)) {
            store.push_back({bulk.entry, std::move(item)});
            made[tagIdOf(store.back().payload)].push_back(&store.back());
        }
}

// The fields of a "tag" entry that a row must repeat exactly.
void compareTagEntry(const Tag& t, const AuditIndex::Item& it, std::vector<std::string>& problems) {
    const std::string who = tagName(t.id) + " differs from " + entryName(*it.entry) + ": ";
    if (it.entry->author != t.author) problems.push_back(who + "author '" + t.author + "' vs '" + it.entry->author + "'");
    if (it.entry->tsUs != t.createdAtUs) problems.push_back(who + "creation time");
    if (s(it.payload, "label") != t.label.name)
        problems.push_back(who + "label '" + t.label.name + "' vs '" + s(it.payload, "label") + "'");
    if (s(it.payload, "note") != t.note) problems.push_back(who + "note");
    const QJsonObject target = it.payload.value(QStringLiteral("target")).toObject();
    if (canonicalJson(target) != canonicalJson(tagTargetJson(t.target))) problems.push_back(who + "target");
}

void compareRemoval(const Tag& t, const Index& untags, std::vector<std::string>& problems) {
    auto it = untags.find(t.id);
    const size_t n = it == untags.end() ? 0 : it->second.size();
    if (!t.removedAtUs) {
        if (n > 0) problems.push_back(tagName(t.id) + " is active, but " + entryName(*it->second[0]->entry) + " removed it");
        return;
    }
    if (n != 1) {
        problems.push_back(tagName(t.id) + " is marked removed, but the audit log has " + std::to_string(n) +
                           " untag entries for it");
        return;
    }
    const auto& e = *it->second[0];
    if (e.entry->author != t.removedBy || e.entry->tsUs != *t.removedAtUs || s(e.payload, "note") != t.removedNote)
        problems.push_back(tagName(t.id) + "'s removal (who, when or why) differs from " + entryName(*e.entry));
}

void compareNotes(const Tag& t, const Index& notes, std::vector<std::string>& problems) {
    std::multiset<std::tuple<std::string, int64_t, std::string>> rows, entries;
    for (const auto& n : t.notes) rows.insert({n.author, n.createdAtUs, n.note});
    if (auto it = notes.find(t.id); it != notes.end())
        for (const auto* e : it->second) entries.insert({e->entry->author, e->entry->tsUs, s(e->payload, "note")});
    if (rows != entries)
        problems.push_back(tagName(t.id) + "'s notes (" + std::to_string(rows.size()) + ") differ from its note audit entries (" +
                           std::to_string(entries.size()) + ")");
}

// Entries whose tag has no row: the row was deleted (or its id changed).
void entriesWithoutRows(const Index& idx, const std::set<int64_t>& rowIds, std::vector<std::string>& problems) {
    for (const auto& [id, items] : idx)
        if (!rowIds.count(id))
            for (const auto* it : items) problems.push_back(entryName(*it->entry) + " names " + tagName(id) + ", which the case does not have");
}

Status levelsInRange(const store::Database& db, std::vector<std::string>& problems) {
    auto st = db.prepare("SELECT id FROM tag WHERE level IS NOT NULL AND (level < 0 OR level >= ?)");
    if (!st) return st.error();
    st->bind(1, static_cast<int64_t>(kLevelCount));
    while (st->step() == store::StepResult::Row) problems.push_back(tagName(st->columnInt(0)) + " has no valid level");
    return {};
}

} // namespace

Status checkTags(const store::Database& db, const AuditIndex& audit, Findings& out) {
    const size_t before = out.problems.size();
    if (Status s = levelsInRange(db, out.problems); !s) return s;
    if (out.problems.size() != before) return {};   // the rows cannot even be described
    auto tags = listTags(db);
    if (!tags) return tags.error();
    Index made = byTagId(audit, "tag");
    std::deque<AuditIndex::Item> bulkItems;
    addBulkTags(audit, bulkItems, made);
    const Index removed = byTagId(audit, "untag"), notes = byTagId(audit, "note");
    std::set<int64_t> rowIds;
    for (const Tag& t : *tags) {
        rowIds.insert(t.id);
        auto it = made.find(t.id);
        if (it == made.end() || it->second.size() != 1) {
            const size_t n = it == made.end() ? 0 : it->second.size();
            out.problems.push_back(tagName(t.id) + " (" + t.label.name + ") has " + std::to_string(n) +
                                   " tag audit entries; exactly one expected");
            continue;
        }
        compareTagEntry(t, *it->second[0], out.problems);
        compareRemoval(t, removed, out.problems);
        compareNotes(t, notes, out.problems);
    }
    for (const Index* idx : {static_cast<const Index*>(&made), &removed, &notes}) entriesWithoutRows(*idx, rowIds, out.problems);
    if (out.problems.size() == before)
        out.notes.push_back("tags: " + std::to_string(tags->size()) + " rows match their audit entries");
    return {};
}

} // namespace siphon::evidence::integrity
