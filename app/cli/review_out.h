#pragma once
// How siphon-cli shows a review case's check (info) and a merge (merge-review).
#include "evidence/review_merge.h"
#include "evidence/review_verify.h"

#include <QJsonObject>

namespace siphon::cli {

QJsonObject reviewCheckJson(const evidence::ReviewCheck& c);
void printReviewCheck(const evidence::ReviewCheck& c); // "review case     ..." and each problem
QJsonObject mergeSummaryJson(const evidence::MergeSummary& m);
void printMergeSummary(const evidence::MergeSummary& m);

} // namespace siphon::cli
