#include "review_out.h"

#include "json_out.h"
#include "terminal_text.h"

#include "util/time_util.h"

#include <cstdio>

namespace siphon::cli {

QJsonObject reviewCheckJson(const evidence::ReviewCheck& c) {
    QJsonObject o;
    o[QStringLiteral("review_id")] = qs(c.origin.reviewId);
    o[QStringLiteral("master")] = qs(c.origin.masterName);
    o[QStringLiteral("cut_seq")] = static_cast<double>(c.origin.cutSeq);
    o[QStringLiteral("cut_head")] = qs(c.origin.cutHeadHash);
    o[QStringLiteral("cut_at")] = qs(timeutil::formatIso8601(c.origin.cutAtUs));
    o[QStringLiteral("records")] = static_cast<double>(c.recordsChecked);
    o[QStringLiteral("verified")] = c.ok();
    QJsonArray problems;
    for (const auto& p : c.problems) problems.append(qs(p));
    o[QStringLiteral("problems")] = problems;
    return o;
}

void printReviewCheck(const evidence::ReviewCheck& c) {
    std::printf("review case     %s\n", terminalSafe(c.sentence()).c_str());
    std::printf("                evidence read-only; cut at %s from chain head %s (seq %lld)\n",
                timeutil::formatIso8601(c.origin.cutAtUs).c_str(), c.origin.cutHeadHash.c_str(),
                static_cast<long long>(c.origin.cutSeq));
    for (const auto& p : c.problems) std::printf("  FAIL  %s\n", terminalSafe(p).c_str());
}

QJsonObject mergeSummaryJson(const evidence::MergeSummary& m) {
    QJsonObject o;
    o[QStringLiteral("review_id")] = qs(m.origin.reviewId);
    o[QStringLiteral("merged")] = static_cast<double>(m.merged);
    o[QStringLiteral("already_merged")] = static_cast<double>(m.alreadyMerged);
    QJsonArray merged;
    for (const auto& line : m.mergedLines) merged.append(qs(line));
    o[QStringLiteral("entries")] = merged;
    o[QStringLiteral("conflicts")] = evidence::conflictsJson(m.conflicts);
    return o;
}

void printMergeSummary(const evidence::MergeSummary& m) {
    for (const auto& line : m.mergedLines) std::printf("merged    %s\n", terminalSafe(line).c_str());
    for (const auto& c : m.conflicts)
        std::printf("CONFLICT  review seq %lld %s by %s on tag %lld: %s\n", static_cast<long long>(c.reviewSeq),
                    c.action.c_str(), terminalSafe(c.reviewer).c_str(), static_cast<long long>(c.tagId),
                    terminalSafe(c.reason).c_str());
    std::printf("review %s: %lld merged, %lld already merged, %zu conflicts%s\n", m.origin.reviewId.c_str(),
                static_cast<long long>(m.merged), static_cast<long long>(m.alreadyMerged), m.conflicts.size(),
                m.conflicts.empty() ? "" : " (left out: resolve them by hand, then tag or untag)");
}

} // namespace siphon::cli
