#pragma once
// Turn-taking between two request-time series: the timing mark of one dispatcher handing jobs to
// several accounts. Strict alternation alone is not that mark: two independent clockwork jobs of
// similar rates alternate too, at any offset between them. A dispatcher's accounts show one of two
// things independent jobs cannot keep up: alternation that a shift in time destroys (irregular
// jobs dealt out in turn), or a fixed place in each other's cycle (a phase lock: regular jobs from
// one clock; independent clocks drift apart). Pure computation.
#include <cstdint>
#include <vector>

namespace siphon::analysis {

struct Interleaving {
    int eventsA = 0, eventsB = 0, switches = 0;
    // Over the stretch where both are active: switches between the two in the merged order / the
    // most possible (2 x the smaller count); expected = what independent random streams of those
    // counts reach on average.
    double alternation = 0, expected = 1;
    // Both computed only when the alternation reaches 0.8 (else 1 and 0: nothing to explain).
    // The mean alternation with b shifted by a few typical gaps: what the two streams' own
    // regularity gives without any coordination.
    double shiftedAlternation = 1;
    // 0..1: how fixed the sparser stream's place within the denser stream's cycle stays (the mean
    // resultant length of its phases; about 0 when the two drift apart).
    double phaseLock = 0;
};

Interleaving interleaving(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// True when the turn-taking is more than the streams' regularity explains: the alternation falls
// by at least minExcess when b is shifted in time, or the phase lock reaches minPhaseLock.
bool coordinatedTurns(const Interleaving& il, double minExcess, double minPhaseLock);

} // namespace siphon::analysis
