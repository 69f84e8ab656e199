#include "evidence/review_case.h"

#include "evidence/audit_log.h"
#include "evidence/chain_anchor.h"
#include "evidence/review_copy.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <QJsonObject>
#include <QUuid>

#include <filesystem>

namespace siphon::evidence {

namespace {

namespace fs = std::filesystem;

QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonObject originJson(const ReviewOrigin& o) {
    QJsonObject p;
    p[QStringLiteral("review_id")] = q(o.reviewId);
    p[QStringLiteral("master")] = q(o.masterName);
    p[QStringLiteral("cut_seq")] = static_cast<double>(o.cutSeq);
    p[QStringLiteral("cut_head")] = q(o.cutHeadHash);
    p[QStringLiteral("max_tag_id")] = static_cast<double>(o.maxTagId);
    p[QStringLiteral("records")] = static_cast<double>(o.records);
    p[QStringLiteral("records_digest")] = q(o.recordsDigest);
    p[QStringLiteral("sources_digest")] = q(o.sourcesDigest);
    return p;
}

// The master's side of the cut: its chain head, its last tag id, a new review id.
Result<ReviewOrigin> beginOrigin(const store::Database& master) {
    auto chain = loadAudit(master);
    if (!chain) return chain.error();
    auto maxTag = master.queryInt("SELECT max(id) FROM tag", 0);
    if (!maxTag) return maxTag.error();
    ReviewOrigin o;
    o.reviewId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    o.masterName = fs::path(master.path()).filename().string();
    o.cutSeq = chain->empty() ? 0 : chain->back().seq;
    o.cutHeadHash = chain->empty() ? kGenesisHash : chain->back().hash;
    o.maxTagId = *maxTag;
    o.cutAtUs = timeutil::nowUs();
    return o;
}

Status insertOrigin(store::Database& review, const ReviewOrigin& o) {
    auto st = review.prepare("INSERT INTO review_origin VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return st.error();
    st->bind(1, o.reviewId).bind(2, o.masterName).bind(3, o.cutSeq).bind(4, o.cutHeadHash).bind(5, o.maxTagId);
    st->bind(6, o.cutAtUs).bind(7, o.records).bind(8, o.recordsDigest).bind(9, o.sourcesDigest);
    return st->run();
}

// Everything the review case holds, in one transaction of the new file, then frozen and audited.
Status fillReviewCase(store::Database& review, const store::Database& master, const std::vector<Tag>& tags,
                      ReviewOrigin& origin, const std::string& examiner) {
    auto attach = review.prepare("ATTACH DATABASE ? AS master");
    if (!attach) return attach.error();
    if (Status s = attach->bind(1, master.path()).run(); !s) return s;
    store::Transaction tx(review);
    if (!tx.began()) return tx.began();
    if (Status s = createReviewTables(review); !s) return s;
    if (Status s = review_copy::selectTagged(review, tags); !s) return s;
    if (Status s = review_copy::copyCaseRecord(review); !s) return s;
    if (Status s = review_copy::copySelection(review); !s) return s;
    auto bytes = review_copy::storeRecordBytes(review, master);
    if (!bytes) return bytes.error();
    auto sources = review_copy::sourcesDigest(review);
    if (!sources) return sources.error();
    origin.records = bytes->records;
    origin.recordsDigest = bytes->digest;
    origin.sourcesDigest = *sources;
    if (Status s = insertOrigin(review, origin); !s) return s;
    if (Status s = freezeReviewEvidence(review); !s) return s;
    if (auto a = appendAudit(review, examiner, "review-case", originJson(origin)); !a) return a.error();
    if (Status s = tx.commit(); !s) return s;
    if (Status s = review.exec("DETACH DATABASE master"); !s) return s;
    return writeChainAnchor(review);
}

void removeCaseFiles(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
    fs::remove(chainAnchorPath(path), ec);
}

Result<ReviewCaseSummary> writeNewCase(store::Database& master, const ReviewCaseOptions& options,
                                       const std::vector<Tag>& tags) {
    auto origin = beginOrigin(master);
    if (!origin) return origin.error();
    auto review = store::openCase(options.outPath, store::CaseAccess::CreateWrite);
    if (!review) return review.error();
    if (Status s = fillReviewCase(*review, master, tags, *origin, options.examiner); !s) return s.error();
    ReviewCaseSummary sum;
    sum.origin = *origin;
    sum.tags = static_cast<int64_t>(tags.size());
    auto sources = review->queryInt("SELECT count(*) FROM source_file");
    if (!sources) return sources.error();
    sum.sources = *sources;
    return sum;
}

} // namespace

std::string reviewRecordLine(int64_t requestRowId, const std::string& sha256, const std::string& joinedSha256) {
    return std::to_string(requestRowId) + ":" + sha256 + (joinedSha256.empty() ? "" : ":" + joinedSha256) + "\n";
}

Result<ReviewCaseSummary> writeReviewCase(store::Database& master, const ReviewCaseOptions& options) {
    if (options.examiner.empty()) return makeError(ErrorCode::Usage, "a review case needs an examiner (--examiner)");
    std::error_code ec;
    if (options.outPath.empty() || fs::exists(options.outPath, ec))
        return makeError(ErrorCode::Usage, "the review case must be a new file: " + options.outPath);
    if (Status s = refuseInReviewCase(master, "cutting a review case"); !s) return s.error();
    auto tags = listTags(master, TagFilter{false});
    if (!tags) return tags.error();
    if (tags->empty()) return makeError(ErrorCode::Usage, "nothing is tagged: a review case holds the tagged evidence");
    auto sum = writeNewCase(master, options, *tags);
    if (sum) {
        QJsonObject p = originJson(sum->origin);
        p[QStringLiteral("file")] = q(fs::path(options.outPath).filename().string());
        if (auto a = appendAudit(master, options.examiner, "review-case-export", p); a)
            return sum;
        else
            sum = a.error();
    }
    removeCaseFiles(options.outPath);
    return sum.error();
}

} // namespace siphon::evidence
