#include "analysis/interleaving.h"

#include <algorithm>
#include <cmath>

namespace siphon::analysis {

namespace {

// Below this alternation the pair takes no turns worth explaining; the costlier checks are skipped.
constexpr double kWorthCheckingAlternation = 0.8;

struct Turns {
    int eventsA = 0, eventsB = 0, switches = 0;
    double alternation() const {
        const int minor = std::min(eventsA, eventsB);
        return minor == 0 ? 0.0 : std::min(1.0, static_cast<double>(switches) / (2.0 * minor));
    }
};

// Merges a and b (shifted by shiftUs) over the stretch where both are active, counting switches.
Turns countTurns(const std::vector<int64_t>& a, const std::vector<int64_t>& b, int64_t shiftUs) {
    Turns out;
    if (a.empty() || b.empty()) return out;
    const int64_t lo = std::max(a.front(), b.front() + shiftUs);
    const int64_t hi = std::min(a.back(), b.back() + shiftUs);
    if (hi < lo) return out;
    auto i = static_cast<size_t>(std::lower_bound(a.begin(), a.end(), lo) - a.begin());
    auto j = static_cast<size_t>(std::lower_bound(b.begin(), b.end(), lo - shiftUs) - b.begin());
    int last = -1;
    while ((i < a.size() && a[i] <= hi) || (j < b.size() && b[j] + shiftUs <= hi)) {
        const bool bLeft = j < b.size() && b[j] + shiftUs <= hi;
        const bool takeA = !bLeft || (i < a.size() && a[i] <= hi && a[i] <= b[j] + shiftUs);
        const int who = takeA ? 0 : 1;
        (takeA ? i : j)++;
        (who == 0 ? out.eventsA : out.eventsB)++;
        if (last >= 0 && who != last) ++out.switches;
        last = who;
    }
    return out;
}

// The median gap between consecutive requests of the two merged, over the stretch both are active.
double medianMergedGap(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    const int64_t lo = std::max(a.front(), b.front()), hi = std::min(a.back(), b.back());
    std::vector<int64_t> merged;
    for (const auto* s : {&a, &b})
        for (int64_t t : *s)
            if (t >= lo && t <= hi) merged.push_back(t);
    std::sort(merged.begin(), merged.end());
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < merged.size(); ++i) gaps.push_back(merged[i] - merged[i - 1]);
    if (gaps.empty()) return 0;
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
    return static_cast<double>(gaps[gaps.size() / 2]);
}

// The mean alternation over shifts of a few typical gaps (the median, so that the quiet hours of
// bursty traffic do not stretch it; fractional multiples, so that a shift never lands b back on its
// own slots of a strict rota).
double shiftedAlternation(const std::vector<int64_t>& a, const std::vector<int64_t>& b, const Turns& unshifted) {
    const double gapUs = medianMergedGap(a, b);
    if (gapUs <= 0) return unshifted.alternation();
    double sum = 0;
    int n = 0;
    for (double k : {1.37, 2.61, 3.83, 5.29, -1.37, -2.61, -3.83, -5.29}) {
        const Turns t = countTurns(a, b, static_cast<int64_t>(k * gapUs));
        if (std::min(t.eventsA, t.eventsB) == 0) continue;
        sum += t.alternation();
        ++n;
    }
    return n ? sum / n : unshifted.alternation();
}

// The mean resultant length of the sparse stream's phases within the dense stream's gaps.
double phaseLock(const std::vector<int64_t>& dense, const std::vector<int64_t>& sparse) {
    double c = 0, s = 0;
    int n = 0;
    for (int64_t t : sparse) {
        const auto next = std::upper_bound(dense.begin(), dense.end(), t);
        if (next == dense.begin() || next == dense.end()) continue;
        const int64_t prev = *(next - 1), gap = *next - prev;
        if (gap <= 0) continue;
        const double angle = 2.0 * M_PI * static_cast<double>(t - prev) / static_cast<double>(gap);
        c += std::cos(angle);
        s += std::sin(angle);
        ++n;
    }
    return n ? std::hypot(c, s) / n : 0.0;
}

} // namespace

Interleaving interleaving(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    Interleaving out;
    const Turns t = countTurns(a, b, 0);
    out.eventsA = t.eventsA;
    out.eventsB = t.eventsB;
    out.switches = t.switches;
    const int minor = std::min(t.eventsA, t.eventsB), major = std::max(t.eventsA, t.eventsB);
    if (minor == 0) return out;
    // Independent random streams reach about major / total of the most switches possible.
    out.alternation = t.alternation();
    out.expected = static_cast<double>(major) / static_cast<double>(minor + major);
    if (out.alternation < kWorthCheckingAlternation) return out;   // no turns to explain
    out.shiftedAlternation = shiftedAlternation(a, b, t);
    out.phaseLock = t.eventsA >= t.eventsB ? phaseLock(a, b) : phaseLock(b, a);
    return out;
}

bool coordinatedTurns(const Interleaving& il, double minExcess, double minPhaseLock) {
    return il.alternation - il.shiftedAlternation >= minExcess || il.phaseLock >= minPhaseLock;
}

} // namespace siphon::analysis
