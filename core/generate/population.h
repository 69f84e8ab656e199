#pragma once
// Builds the simulated accounts: how many of each archetype, their identities (ids per format)
// and behaviour parameters, all drawn from the seed so every parameter varies across seeds.
#include "generate/model.h"
#include "generate/rng.h"

#include <vector>

namespace siphon::generate {

struct Population {
    std::vector<Actor> actors;
};

Population buildPopulation(uint64_t seed, int accounts, int days, int64_t startUs);

// Behaviour of one archetype with parameters drawn from rng (used by buildPopulation).
Behaviour drawBehaviour(Archetype a, Rng& rng);

} // namespace siphon::generate
