#pragma once
// The evidence book of linking: for every pair of entities, its edges (at most one per kind) and
// their summed strength. Shared by the linkers of per-request signals (linking.cpp) and of
// aggregated usage (aggregate_linking.h). Pure data; not thread-safe.
#include "analysis/linking.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace siphon::analysis {

struct PairInfo {
    double strength = 0;
    std::vector<LinkEdge> edges;
};

class PairBook {
public:
    // Adds one edge of a kind to the pair (a, b), in either order; a second edge of the same kind
    // is ignored, and so is a shared block once a shared address was recorded (it says as much).
    void add(size_t a, size_t b, const std::string& kind, double strength, const std::string& reason,
             double specificity = 0);
    const std::map<std::pair<size_t, size_t>, PairInfo>& pairs() const { return pairs_; }
    std::vector<std::pair<size_t, size_t>> keys() const;

private:
    std::map<std::pair<size_t, size_t>, PairInfo> pairs_;
};

} // namespace siphon::analysis
