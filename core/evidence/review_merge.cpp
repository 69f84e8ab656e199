#include "evidence/review_merge.h"

#include "evidence/audit_log.h"
#include "evidence/review_verify.h"
#include "evidence/tags.h"
#include "util/time_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <set>

namespace siphon::evidence {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonObject parse(const AuditEntry& e) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
}
int64_t intOf(const QJsonObject& o, const char* key) {
    return static_cast<int64_t>(o.value(QLatin1String(key)).toDouble(-1));
}
std::string textOf(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

bool isTagAction(const std::string& a) { return a == "tag" || a == "untag" || a == "note"; }

// What the master's chain says about this review: entries merged already, the tags they made, and
// the tags the master itself changed after the cut.
struct MasterState {
    std::set<int64_t> mergedSeqs;
    std::map<int64_t, int64_t> masterTagOf; // review tag id -> master tag id, for tags made in review
    std::map<int64_t, int64_t> changedAt; // master tag id -> seq of the master's first change since the cut
    std::set<std::string> conflictRecords; // conflicts lists of earlier merge-review entries
    bool exported = false;
};

MasterState readMasterState(const std::vector<AuditEntry>& chain, const ReviewOrigin& o) {
    MasterState st;
    for (const auto& e : chain) {
        const QJsonObject p = parse(e);
        // The master's own record of the cut: the review case must still hold what was cut.
        if (e.action == "review-case-export" && textOf(p, "review_id") == o.reviewId)
            st.exported = textOf(p, "records_digest") == o.recordsDigest &&
                textOf(p, "sources_digest") == o.sourcesDigest && intOf(p, "cut_seq") == o.cutSeq;
        if (e.action == "merge-review" && textOf(p, "review_id") == o.reviewId)
            st.conflictRecords.insert(
                QJsonDocument(p.value(QStringLiteral("conflicts")).toArray()).toJson().toStdString());
        if (!isTagAction(e.action)) continue;
        const QJsonObject review = p.value(QStringLiteral("review")).toObject();
        if (textOf(review, "review_id") == o.reviewId) {
            st.mergedSeqs.insert(intOf(review, "seq"));
            if (e.action == "tag") st.masterTagOf[intOf(review, "tag_id")] = intOf(p, "tag_id");
        } else if (e.seq > o.cutSeq && e.action != "tag") {
            st.changedAt.emplace(intOf(p, "tag_id"), e.seq);
        }
    }
    return st;
}

Status checkSameMaster(const std::vector<AuditEntry>& chain, const ReviewOrigin& o, const MasterState& st) {
    const bool headMatches = o.cutSeq == 0 ? true
                                           : o.cutSeq <= static_cast<int64_t>(chain.size()) &&
            chain[static_cast<size_t>(o.cutSeq - 1)].hash == o.cutHeadHash;
    if (!headMatches || !st.exported)
        return makeError(ErrorCode::Verify,
                         "the review case was not cut from this master: " +
                             std::string(headMatches
                                             ? "the master has no review-case-export entry of these records for review "
                                             : "the master's chain has another entry at the cut (seq ") +
                             (headMatches ? o.reviewId : std::to_string(o.cutSeq) + ")"));
    return {};
}

QJsonObject provenance(const AuditEntry& e, const ReviewOrigin& o, const std::string& mergedBy) {
    QJsonObject r;
    r[QStringLiteral("review_id")] = q(o.reviewId);
    r[QStringLiteral("seq")] = static_cast<double>(e.seq);
    r[QStringLiteral("hash")] = q(e.hash);
    r[QStringLiteral("reviewer")] = q(e.author);
    r[QStringLiteral("time")] = q(timeutil::formatIso8601(e.tsUs, true));
    r[QStringLiteral("merged_by")] = q(mergedBy);
    return r;
}

class Merger {
public:
    Merger(store::Database& master, const ReviewOrigin& o, MasterState st, std::string mergedBy)
        : master_(master), origin_(o), state_(std::move(st)), mergedBy_(std::move(mergedBy)) {}

    Status apply(const AuditEntry& e, MergeSummary& out) {
        if (state_.mergedSeqs.count(e.seq)) {
            ++out.alreadyMerged;
            return {};
        }
        const QJsonObject p = parse(e);
        return e.action == "tag" ? mergeTag(e, p, out) : mergeChange(e, p, out);
    }

private:
    void conflict(const AuditEntry& e, int64_t tagId, std::string reason, MergeSummary& out) {
        out.conflicts.push_back({e.seq, e.action, e.author, tagId, std::move(reason)});
    }
    void merged(const AuditEntry& e, const std::string& what, MergeSummary& out) {
        ++out.merged;
        out.mergedLines.push_back("seq " + std::to_string(e.seq) + " " + e.action + " by " + e.author + ": " + what);
    }

    Status mergeTag(const AuditEntry& e, const QJsonObject& p, MergeSummary& out) {
        const int64_t reviewTagId = intOf(p, "tag_id");
        auto target = tagTargetFromJson(p.value(QStringLiteral("target")).toObject());
        if (!target)
            return makeError(ErrorCode::Verify,
                             "review audit entry seq " + std::to_string(e.seq) + " has no valid target");
        auto t = addTag(master_, *target, textOf(p, "label"), textOf(p, "note"), e.author,
                        provenance(e, origin_, mergedBy_));
        if (!t) {
            if (t.error().code != ErrorCode::Usage) return t.error();
            conflict(e, reviewTagId, "the master cannot take this tag: " + t.error().message, out);
            return {};
        }
        state_.masterTagOf[reviewTagId] = t->id;
        merged(e, "tag " + std::to_string(t->id) + " (" + t->label.name + ") on " + describeTarget(*target), out);
        return {};
    }

    Status mergeChange(const AuditEntry& e, const QJsonObject& p, MergeSummary& out) {
        const int64_t reviewTagId = intOf(p, "tag_id");
        int64_t tagId = reviewTagId;
        if (reviewTagId > origin_.maxTagId) {
            auto it = state_.masterTagOf.find(reviewTagId);
            if (it == state_.masterTagOf.end()) {
                conflict(e, reviewTagId,
                         "the reviewer's tag " + std::to_string(reviewTagId) + " it changes was not merged", out);
                return {};
            }
            tagId = it->second;
        }
        if (auto c = state_.changedAt.find(tagId); c != state_.changedAt.end()) {
            conflict(e, tagId,
                     "the master changed tag " + std::to_string(tagId) + " after the cut (audit seq " +
                         std::to_string(c->second) + ")",
                     out);
            return {};
        }
        const QJsonObject prov = provenance(e, origin_, mergedBy_);
        const std::string note = textOf(p, "note");
        Status s = e.action == "untag" ? untag(master_, tagId, e.author, note, prov)
                                       : addTagNote(master_, tagId, note, e.author, prov);
        if (!s) {
            if (s.error().code != ErrorCode::Usage) return s;
            conflict(e, tagId, s.error().message, out);
            return {};
        }
        merged(e, (e.action == "untag" ? "removed tag " : "note on tag ") + std::to_string(tagId), out);
        return {};
    }

    store::Database& master_;
    const ReviewOrigin& origin_;
    MasterState state_;
    std::string mergedBy_;
};

// One summary entry per merge that changed something or found conflicts not yet on the record.
Status recordMerge(store::Database& master, const MergeSummary& sum, const MasterState& st,
                   const std::string& mergedBy) {
    const QJsonArray conflicts = conflictsJson(sum.conflicts);
    const bool conflictsKnown =
        sum.conflicts.empty() || st.conflictRecords.count(QJsonDocument(conflicts).toJson().toStdString());
    if (sum.merged == 0 && conflictsKnown) return {};
    QJsonObject p;
    p[QStringLiteral("review_id")] = q(sum.origin.reviewId);
    p[QStringLiteral("merged")] = static_cast<double>(sum.merged);
    p[QStringLiteral("already_merged")] = static_cast<double>(sum.alreadyMerged);
    p[QStringLiteral("conflicts")] = conflicts;
    if (auto a = appendAudit(master, mergedBy, "merge-review", p); !a) return a.error();
    return {};
}

Result<ReviewOrigin> checkedOrigin(const store::Database& review) {
    auto check = verifyReviewCase(review);
    if (!check) return check.error();
    if (!check->reviewCase)
        return makeError(ErrorCode::Usage, "not a review case (cut one with export --review-case)", review.path());
    if (!check->ok())
        return makeError(ErrorCode::Verify, "the review case fails its check: " + check->problems.front(),
                         review.path());
    return check->origin;
}

} // namespace

Result<MergeSummary> mergeReview(store::Database& master, const store::Database& review, const std::string& mergedBy) {
    if (mergedBy.empty()) return makeError(ErrorCode::Usage, "merge-review needs the merging examiner (--by)");
    auto origin = checkedOrigin(review);
    if (!origin) return origin.error();
    auto masterChain = loadAudit(master);
    auto reviewChain = loadAudit(review);
    if (!masterChain) return masterChain.error();
    if (!reviewChain) return reviewChain.error();
    MasterState state = readMasterState(*masterChain, *origin);
    if (Status s = checkSameMaster(*masterChain, *origin, state); !s) return s.error();
    MergeSummary sum;
    sum.origin = *origin;
    Merger merger(master, sum.origin, state, mergedBy);
    for (const auto& e : *reviewChain) {
        if (e.seq <= origin->cutSeq + 1) continue;
        if (isTagAction(e.action)) {
            if (Status s = merger.apply(e, sum); !s) return s.error();
        } else if (e.action == "bulk-tag" && !state.mergedSeqs.count(e.seq)) {
            // Not replayed (its tags would need the filter re-run in the master): said, never dropped.
            sum.conflicts.push_back(
                {e.seq, e.action, e.author, 0, "a bulk tag is not merged; run the same bulk tag in the master"});
        }
    }
    if (Status s = recordMerge(master, sum, state, mergedBy); !s) return s.error();
    return sum;
}

QJsonArray conflictsJson(const std::vector<MergeConflict>& conflicts) {
    QJsonArray a;
    for (const auto& c : conflicts) {
        QJsonObject o;
        o[QStringLiteral("review_seq")] = static_cast<double>(c.reviewSeq);
        o[QStringLiteral("action")] = q(c.action);
        o[QStringLiteral("reviewer")] = q(c.reviewer);
        o[QStringLiteral("tag_id")] = static_cast<double>(c.tagId);
        o[QStringLiteral("reason")] = q(c.reason);
        a.append(o);
    }
    return a;
}

} // namespace siphon::evidence
