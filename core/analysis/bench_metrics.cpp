#include "analysis/bench_metrics.h"

#include <algorithm>

namespace siphon::analysis {

double rocAuc(const std::vector<Labelled>& items) {
    // Rank-sum (Mann-Whitney U) with average ranks for ties.
    std::vector<std::pair<double, bool>> v;
    for (const auto& i : items) v.emplace_back(i.score, i.positive);
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.first < b.first; });
    double rankSumPos = 0;
    int64_t pos = 0, neg = 0;
    for (size_t i = 0; i < v.size();) {
        size_t j = i;
        while (j < v.size() && v[j].first == v[i].first) ++j;
        const double avgRank = (static_cast<double>(i) + static_cast<double>(j - 1)) / 2.0 + 1.0;
        for (size_t k = i; k < j; ++k)
            if (v[k].second) rankSumPos += avgRank;
        i = j;
    }
    for (const auto& x : v) (x.second ? pos : neg)++;
    if (pos == 0 || neg == 0) return 0;
    const double u = rankSumPos - static_cast<double>(pos) * static_cast<double>(pos + 1) / 2.0;
    return u / (static_cast<double>(pos) * static_cast<double>(neg));
}

double recallAtFpr(const std::vector<Labelled>& items, double maxFpr) {
    std::vector<std::pair<double, bool>> v;
    int64_t pos = 0, neg = 0;
    for (const auto& i : items) {
        v.emplace_back(i.score, i.positive);
        (i.positive ? pos : neg)++;
    }
    if (pos == 0) return 0;
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.first > b.first; });
    double best = 0;
    int64_t tp = 0, fp = 0;
    for (size_t i = 0; i < v.size();) {
        size_t j = i;
        while (j < v.size() && v[j].first == v[i].first) {   // a threshold takes all tied scores
            (v[j].second ? tp : fp)++;
            ++j;
        }
        const double fpr = neg ? static_cast<double>(fp) / static_cast<double>(neg) : 0.0;
        if (fpr <= maxFpr) best = std::max(best, static_cast<double>(tp) / static_cast<double>(pos));
        i = j;
    }
    return best;
}

PrecisionRecall flaggedPrecisionRecall(const std::vector<Labelled>& items) {
    PrecisionRecall r;
    for (const auto& i : items) {
        if (i.flagged && i.positive) ++r.tp;
        else if (i.flagged) ++r.fp;
        else if (i.positive) ++r.fn;
    }
    r.precision = r.tp + r.fp ? static_cast<double>(r.tp) / static_cast<double>(r.tp + r.fp) : 1.0;
    r.recall = r.tp + r.fn ? static_cast<double>(r.tp) / static_cast<double>(r.tp + r.fn) : 1.0;
    return r;
}

} // namespace siphon::analysis
