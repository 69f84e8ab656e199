#include "evidence/review_verify.h"
#include "util/number_text.h"

#include "evidence/audit_log.h"
#include "evidence/review_case.h"
#include "evidence/review_copy.h"
#include "util/hash.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace siphon::evidence {

namespace {

std::string field(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

// Each record's bytes as they read now (request_raw) against its hash at the cut.
Status checkRecords(const store::Database& db, ReviewCheck& out) {
    auto st = db.prepare("SELECT r.request_id, r.sha256, w.raw, r.joined_sha256, j.raw_copy FROM review_record r"
                         " LEFT JOIN request_raw w ON w.request_id = r.request_id"
                         " LEFT JOIN request_join j ON j.request_id = r.request_id ORDER BY r.request_id");
    if (!st) return st.error();
    Sha256 digest;
    int64_t bad = 0;
    for (;;) {
        auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading review records");
        const int64_t id = st->columnInt(0);
        const std::string expected = st->columnText(1), joinedExpected = st->columnText(3);
        const bool rawOk = !st->columnIsNull(2) && Sha256::hex(st->columnView(2)) == expected;
        const bool joinedOk = joinedExpected.empty()
            ? st->columnIsNull(4)
            : !st->columnIsNull(4) && Sha256::hex(st->columnView(4)) == joinedExpected;
        if ((!rawOk || !joinedOk) && ++bad <= 10)
            out.problems.push_back("record #" + std::to_string(id) + ": its bytes no longer match their SHA-256");
        digest.update(reviewRecordLine(id, expected, joinedExpected));
        ++out.recordsChecked;
    }
    if (bad > 10) out.problems.push_back(std::to_string(bad) + " records in all do not match their SHA-256");
    if (out.recordsChecked != out.origin.records)
        out.problems.push_back(std::to_string(out.recordsChecked) + " record hashes, the cut recorded " +
                               std::to_string(out.origin.records));
    if (digest.finishHex() != out.origin.recordsDigest)
        out.problems.push_back("the records digest differs from the cut's");
    auto rows = db.queryInt("SELECT count(*) FROM request");
    if (rows && *rows != out.recordsChecked)
        out.problems.push_back(std::to_string(*rows) + " request rows, but " + std::to_string(out.recordsChecked) +
                               " record hashes");
    return {};
}

// The chain must verify, and its "review-case" entry must state this origin.
Status checkChain(const store::Database& db, ReviewCheck& out) {
    auto chain = loadAudit(db);
    if (!chain) return chain.error();
    const ChainCheck c = verifyAuditChain(*chain);
    if (!c.ok)
        out.problems.push_back("audit chain broken at seq " + std::to_string(c.firstBrokenSeq) + ": " + c.problem);
    const size_t at = static_cast<size_t>(out.origin.cutSeq); // 0-based index of seq cutSeq + 1
    if (at >= chain->size() || (*chain)[at].action != "review-case") {
        out.problems.push_back("the audit chain has no review-case entry at seq " +
                               std::to_string(out.origin.cutSeq + 1));
        return {};
    }
    const auto& e = (*chain)[at];
    const QJsonObject p = QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
    if (e.prevHash != out.origin.cutHeadHash)
        out.problems.push_back("the review-case entry does not follow the cut's head");
    if (field(p, "review_id") != out.origin.reviewId || field(p, "records_digest") != out.origin.recordsDigest ||
        field(p, "sources_digest") != out.origin.sourcesDigest)
        out.problems.push_back("the origin row differs from the review-case audit entry (seq " + std::to_string(e.seq) +
                               ")");
    return {};
}

} // namespace

std::string ReviewCheck::sentence() const {
    if (!reviewCase) return {};
    const std::string head =
        "review case of " + origin.masterName + ": " + util::groupThousands(recordsChecked) + " records, ";
    if (ok()) return head + "hashes verified";
    return head + "VERIFICATION FAILED: " + problems.front();
}

Result<ReviewCheck> verifyReviewCase(const store::Database& db) {
    ReviewCheck out;
    auto origin = loadReviewOrigin(db);
    if (!origin) return origin.error();
    if (!*origin) return out;
    out.reviewCase = true;
    out.origin = **origin;
    if (Status s = checkRecords(db, out); !s) return s.error();
    auto sources = review_copy::sourcesDigest(db);
    if (!sources) return sources.error();
    if (*sources != out.origin.sourcesDigest) out.problems.push_back("the source files' hashes differ from the cut's");
    if (Status s = checkChain(db, out); !s) return s.error();
    return out;
}

} // namespace siphon::evidence
