#pragma once
// Simulates calls one UTC day at a time, keeping per-actor state (pacing of flat streams, sweep
// counters, hydra round-robin) across days, so memory is bounded by one day of traffic.
#include "generate/model.h"
#include "generate/rng.h"

#include <vector>

namespace siphon::generate {

class TrafficSimulator {
public:
    TrafficSimulator(const std::vector<Actor>& actors, uint64_t seed, int64_t startUs, int days);

    // Events whose start falls in UTC day `day` (0-based), sorted by time; seq numbers continue
    // across days.
    std::vector<Event> simulateDay(int day);

private:
    struct ActorState {
        Rng rng{0};
        int64_t nextFlatUs[2] = {-1, -1};
        uint32_t sweep = 0;
        int burstStart = -1, burstLen = 0, burst2 = -1;
    };
    struct Network {
        std::vector<int> members;
        Rng rng{0};
        int64_t nextUs = -1;
        size_t rr = 0;
        double rate = 0, cv = 0.2;
        int startDay = 0;
    };

    void emit(int actor, int phase, int64_t ts, int day, std::vector<Event>& out, uint32_t sweepOverride = 0,
              bool overrideSweep = false);
    void sessions(int actor, int phase, int day, double n, int64_t dayStart, int64_t dayEnd, std::vector<Event>& out);
    void diurnal(int actor, int phase, int day, double n, int64_t dayStart, std::vector<Event>& out);
    void flat(int actor, int phase, int day, double rateMul, int64_t from, int64_t to, std::vector<Event>& out);
    int64_t drawDiurnalTime(int actor, const Behaviour& b, int64_t dayStart, Rng& r) const;

    const std::vector<Actor>& actors_;
    std::vector<ActorState> state_;
    std::vector<Network> networks_;
    int64_t startUs_;
    uint64_t nextSeq_ = 0;
};

} // namespace siphon::generate
