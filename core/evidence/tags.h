#pragma once
// Labels and tags: what an investigator marks (entities, single requests, time ranges, clusters).
// Tags are never deleted; untag records who removed it, when and why. Every change appends to the
// audit log in the same transaction. Thread: the caller's; db is a writer connection for changes.
#include "store/database.h"
#include "store/entity_level.h"

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

struct Label {
    int64_t id = 0;
    std::string name;
    std::string colour;        // '#rrggbb'
    std::string description;
    bool builtin = false;
};

enum class TargetKind { Entity, Request, Range, Cluster };
std::string_view targetKindName(TargetKind k);   // entity, request, range, cluster
std::optional<TargetKind> targetKindFromName(std::string_view name);

struct TagTarget {
    TargetKind kind = TargetKind::Entity;
    EntityLevel level = EntityLevel::Account;   // entity and range
    std::string entity;                          // entity and range
    int64_t requestRowId = 0;                    // request (request.id)
    int64_t clusterId = 0;                       // cluster (cluster.id)
    int64_t fromUs = 0, toUs = 0;                // range: [from, to)
};

struct TagNote {
    std::string note, author;
    int64_t createdAtUs = 0;
};

struct Tag {
    int64_t id = 0;
    TagTarget target;
    Label label;
    std::string note;
    std::string author;
    int64_t createdAtUs = 0;
    std::optional<int64_t> removedAtUs;
    std::string removedBy, removedNote;
    std::vector<TagNote> notes;   // added later with addTagNote
    bool active() const { return !removedAtUs.has_value(); }
};

// A short description of the target for people: "account acme-1", "request #42",
// "key k-9 2026-01-01T00:00:00Z .. 2026-01-02T00:00:00Z", "cluster 3".
std::string describeTarget(const TagTarget& t);

// The target as the "tag" audit entry records it (kind, level, entity, ids, ISO 8601 range).
QJsonObject tagTargetJson(const TagTarget& t);
// And back (a review case's tag entries, merged into the master); nullopt when malformed.
std::optional<TagTarget> tagTargetFromJson(const QJsonObject& o);

Result<std::vector<Label>> listLabels(const store::Database& db);
Result<Label> findLabel(const store::Database& db, const std::string& name);

// Checks the target exists (entity has requests or a score; request row; cluster row), then inserts
// the tag and its audit entry atomically. Usage error for unknown label/target or bad range.
// `review`, when not empty, goes into the audit payload as "review": where a change merged from a
// review case came from (review_merge.h).
Result<Tag> addTag(store::Database& db, const TagTarget& target, const std::string& labelName,
                   const std::string& note, const std::string& author, const QJsonObject& review = {});
Status untag(store::Database& db, int64_t tagId, const std::string& author, const std::string& note = {},
             const QJsonObject& review = {});
Status addTagNote(store::Database& db, int64_t tagId, const std::string& note, const std::string& author,
                  const QJsonObject& review = {});

struct TagFilter {
    bool includeRemoved = true;
};
Result<std::vector<Tag>> listTags(const store::Database& db, TagFilter filter = {});

} // namespace siphon::evidence
