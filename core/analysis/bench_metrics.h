#pragma once
// Detection-quality metrics for the benchmark and its tests: ROC AUC (ties count half), recall
// at a false-positive-rate budget, precision/recall of a boolean verdict. Pure functions.
#include <cstdint>
#include <vector>

namespace siphon::analysis {

struct Labelled {
    double score = 0;
    bool positive = false;
    bool flagged = false;
};

double rocAuc(const std::vector<Labelled>& items);
// Highest recall reachable with a score threshold whose false-positive rate is <= maxFpr.
double recallAtFpr(const std::vector<Labelled>& items, double maxFpr);
struct PrecisionRecall {
    double precision = 0, recall = 0;
    int64_t tp = 0, fp = 0, fn = 0;
};
PrecisionRecall flaggedPrecisionRecall(const std::vector<Labelled>& items);

} // namespace siphon::analysis
