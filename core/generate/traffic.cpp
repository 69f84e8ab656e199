// Timing models: sessions of a person at work, diurnal streams of many end users, flat machine
// pacing (optionally just under a rate limit), nightly batch runs, bounded evaluation bursts and
// hydra networks dispatching round-robin over their member accounts.
#include "generate/traffic.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace siphon::generate {

namespace {

constexpr int64_t kSecUs = 1'000'000;
constexpr int64_t kDayUs = 86'400 * kSecUs;

bool isWeekend(int64_t dayStartUs) {
    const int64_t days = dayStartUs / kDayUs;
    const int64_t wd = (days + 3) % 7;   // 1970-01-01 was a Thursday; 0 = Monday
    return wd >= 5;
}

double localHour(int64_t tsUs, int tz) {
    const double h = static_cast<double>(tsUs % kDayUs) / 3.6e9 + tz;
    return std::fmod(h + 48.0, 24.0);
}

double diurnalWeight(double hour, double peak, double spread) {
    double d = std::fabs(hour - peak);
    d = std::min(d, 24.0 - d);
    // A working-day plateau around the peak, a lunch dip and a small night floor.
    const double bump = std::exp(-0.5 * (d / spread) * (d / spread));
    const double lunch = std::fabs(hour - 12.5) < 0.6 ? 0.7 : 1.0;
    return 0.02 + bump * lunch;
}

} // namespace

TrafficSimulator::TrafficSimulator(const std::vector<Actor>& actors, uint64_t seed, int64_t startUs, int days)
    : actors_(actors), startUs_(startUs) {
    Rng root = Rng(seed).fork(5);
    std::map<std::string, size_t> netIndex;
    for (const Actor& a : actors_) {
        ActorState s;
        s.rng = root.fork(static_cast<uint64_t>(a.index) + 1);
        if (a.archetype == Archetype::EvalCustomer) {
            s.burstStart = static_cast<int>(s.rng.range(std::min(a.startDay, days - 1), std::max(0, days - 2)));
            s.burstLen = static_cast<int>(s.rng.range(1, 2));
            s.burst2 = s.rng.chance(0.35) ? static_cast<int>(s.rng.range(0, days - 1)) : -1;
        }
        state_.push_back(s);
        if (!a.networkId.empty()) {
            auto [it, added] = netIndex.emplace(a.networkId, networks_.size());
            if (added) {
                Network n;
                n.rng = root.fork(0xABC000 + networks_.size());
                n.startDay = a.startDay;
                n.cv = a.phase[0].iatCv;
                networks_.push_back(n);
            }
            Network& n = networks_[it->second];
            n.members.push_back(a.index);
            n.rate += a.phase[0].dailyRate;
        }
    }
}

void TrafficSimulator::emit(int actor, int phase, int64_t ts, int day, std::vector<Event>& out, uint32_t sweepOverride,
                            bool overrideSweep) {
    const Actor& a = actors_[static_cast<size_t>(actor)];
    ActorState& s = state_[static_cast<size_t>(actor)];
    Rng& r = s.rng;
    const Behaviour& b = a.phase[phase];
    Event e;
    e.tsUs = ts;
    e.seed = r.next();
    e.actor = static_cast<uint32_t>(actor);
    e.phase = static_cast<uint8_t>(phase);
    e.sweep = overrideSweep ? sweepOverride : s.sweep++;
    const auto skewed = [&](size_t n) -> uint16_t {
        // A few ids carry most traffic (Zipf-like), as real keys and users do.
        if (n <= 1) return 0;
        const double x = std::pow(r.uniform(), 1.8);
        return static_cast<uint16_t>(std::min<size_t>(n - 1, static_cast<size_t>(x * static_cast<double>(n))));
    };
    if (a.archetype == Archetype::Extractor || (a.archetype == Archetype::Turncoat && phase == 1))
        e.key = static_cast<uint16_t>((day / 3) % static_cast<int>(a.keys.size()));   // key rotation
    else
        e.key = skewed(a.keys.size());
    e.principal = skewed(a.principals.size());
    e.endUser = a.endUsers.empty() ? 0 : skewed(a.endUsers.size());
    e.ip = a.archetype == Archetype::Enterprise
               ? static_cast<uint16_t>((e.principal * 7u + (r.chance(0.1) ? 1u : 0u)) % a.ips.size())
               : skewed(a.ips.size());
    e.ua = static_cast<uint8_t>(r.index(a.userAgents.size()));
    e.model = static_cast<uint8_t>(r.weighted(b.modelWeights));
    e.endpoint = static_cast<Endpoint>(r.weighted(b.endpointWeights));
    const double in = std::clamp(r.lognormal(b.inMedian, b.inSigma), 8.0, 120000.0);
    e.inTok = static_cast<int32_t>(in);
    e.outTok = e.endpoint == Endpoint::Embeddings ? 0
                                                  : static_cast<int32_t>(std::clamp(r.lognormal(b.outMedian, b.outSigma), 1.0, 16384.0));
    if (e.endpoint == Endpoint::Embeddings) e.inTok = std::max(8, e.inTok / 4);
    if (e.inTok >= 1024) {
        const double frac = std::clamp(b.cacheFrac * r.lognormal(1.0, 0.3), 0.0, 0.95);
        e.cached = static_cast<int32_t>(std::floor(e.inTok * frac / 128.0) * 128.0);
    }
    const double u = r.uniform();
    if (u < b.rate429) e.status = 429;
    else if (u < b.rate429 + b.rate5xx) e.status = static_cast<int16_t>(r.chance(0.7) ? 500 : 503);
    else if (u < b.rate429 + b.rate5xx + b.rate4xx) e.status = 400;
    const ModelNames& m = models()[e.model];
    if (e.status != 200) {
        e.outTok = 0;
        e.cached = 0;
        e.latencyMs = static_cast<int32_t>(r.uniform(30, 400));
    } else {
        e.latencyMs = static_cast<int32_t>(180 + e.inTok * 0.015 + e.outTok * m.msPerToken * r.lognormal(1.0, 0.25));
    }
    out.push_back(e);
}

int64_t TrafficSimulator::drawDiurnalTime(int actor, const Behaviour& b, int64_t dayStart, Rng& r) const {
    const int tz = actors_[static_cast<size_t>(actor)].tzOffsetH;
    for (int i = 0; i < 200; ++i) {
        const int64_t ts = dayStart + static_cast<int64_t>(r.uniform() * kDayUs);
        if (r.uniform() * 1.02 < diurnalWeight(localHour(ts, tz), b.peakHour, b.spreadH)) return ts;
    }
    return dayStart + static_cast<int64_t>(r.uniform() * kDayUs);
}

void TrafficSimulator::sessions(int actor, int phase, int day, double n, int64_t dayStart, int64_t dayEnd,
                                std::vector<Event>& out) {
    const Behaviour& b = actors_[static_cast<size_t>(actor)].phase[phase];
    Rng& r = state_[static_cast<size_t>(actor)].rng;
    int64_t remaining = r.poisson(n);
    while (remaining > 0) {
        int64_t t = drawDiurnalTime(actor, b, dayStart, r);
        const int64_t len = std::min<int64_t>(remaining, 1 + r.poisson(b.sessionLen - 1));
        for (int64_t k = 0; k < len && t < dayEnd; ++k) {
            emit(actor, phase, t, day, out);
            t += static_cast<int64_t>(r.exponential(b.thinkSec) * kSecUs) + 2 * kSecUs;
        }
        remaining -= len;
    }
}

void TrafficSimulator::diurnal(int actor, int phase, int day, double n, int64_t dayStart, std::vector<Event>& out) {
    const Behaviour& b = actors_[static_cast<size_t>(actor)].phase[phase];
    Rng& r = state_[static_cast<size_t>(actor)].rng;
    for (int64_t k = 0, count = r.poisson(n); k < count; ++k) emit(actor, phase, drawDiurnalTime(actor, b, dayStart, r), day, out);
}

void TrafficSimulator::flat(int actor, int phase, int day, double rateMul, int64_t from, int64_t to, std::vector<Event>& out) {
    const Actor& a = actors_[static_cast<size_t>(actor)];
    const Behaviour& b = a.phase[phase];
    ActorState& s = state_[static_cast<size_t>(actor)];
    const double perDay = std::max(1.0, b.dailyRate * rateMul);
    const double window = b.businessHoursOnly ? 11.0 / 24.0 : 1.0;
    const double meanIatUs = static_cast<double>(kDayUs) * window / perDay;
    int64_t& next = s.nextFlatUs[phase];
    if (next < from) next = from + static_cast<int64_t>(s.rng.uniform() * meanIatUs);
    while (next < to) {
        const double h = localHour(next, a.tzOffsetH);
        if (!b.businessHoursOnly || (h >= 8 && h < 19)) emit(actor, phase, next, day, out);
        next += static_cast<int64_t>(meanIatUs * std::max(0.05, 1.0 + b.iatCv * s.rng.normal()));
    }
}

std::vector<Event> TrafficSimulator::simulateDay(int day) {
    std::vector<Event> out;
    const int64_t dayStart = startUs_ + day * kDayUs;
    const int64_t dayEnd = dayStart + kDayUs;
    const bool weekend = isWeekend(dayStart);
    for (const Actor& a : actors_) {
        if (day < a.startDay || day >= a.endDay || !a.networkId.empty()) continue;
        ActorState& s = state_[static_cast<size_t>(a.index)];
        // Phase 0 runs until the onset (turncoat), phase 1 from it.
        for (int phase = 0; phase < 2; ++phase) {
            int64_t from = dayStart, to = dayEnd;
            if (a.onsetUs < 0) {
                if (phase == 1) break;
            } else if (phase == 0) {
                to = std::min(dayEnd, a.onsetUs);
            } else {
                from = std::max(dayStart, a.onsetUs);
            }
            if (day == a.startDay) from = std::max(from, dayStart + a.startOffsetUs);
            if (from >= to) continue;
            const Behaviour& b = a.phase[phase];
            const double mul = (weekend ? b.weekendFactor : 1.0) * s.rng.lognormal(1.0, b.dayJitter);
            const size_t before = out.size();
            switch (b.timing) {
            case Timing::Sessions: sessions(a.index, phase, day, b.dailyRate * mul, dayStart, dayEnd, out); break;
            case Timing::Diurnal: diurnal(a.index, phase, day, b.dailyRate * mul, dayStart, out); break;
            case Timing::Flat: flat(a.index, phase, day, mul, from, to, out); break;
            case Timing::Nightly: {
                const int64_t n = s.rng.poisson(b.dailyRate * mul);
                const double runHours = 1.0 + b.spreadH * 0.5;
                int64_t t = dayStart + static_cast<int64_t>(
                    std::fmod(b.peakHour - a.tzOffsetH + 48.0, 24.0) * 3.6e9 + s.rng.normal() * 6e8);
                t = std::clamp(t, dayStart, dayEnd - 1);
                const double iat = runHours * 3.6e9 / static_cast<double>(std::max<int64_t>(n, 1));
                for (int64_t k = 0; k < n && t < dayEnd; ++k) {
                    emit(a.index, phase, t, day, out);
                    t += static_cast<int64_t>(iat * std::max(0.05, 1.0 + b.iatCv * s.rng.normal()));
                }
                break;
            }
            case Timing::Burst: {
                const bool burst = (day >= s.burstStart && day < s.burstStart + s.burstLen) || day == s.burst2;
                if (burst) {
                    const int64_t n = s.rng.poisson(b.dailyRate * s.rng.lognormal(1.0, 0.2));
                    int64_t t = dayStart + static_cast<int64_t>(
                        std::fmod(s.rng.uniform(8.5, 13) - a.tzOffsetH + 48.0, 24.0) * 3.6e9);
                    const double iat = s.rng.uniform(6, 9) * 3.6e9 / static_cast<double>(std::max<int64_t>(n, 1));
                    for (int64_t k = 0; k < n && t < dayEnd; ++k) {
                        emit(a.index, phase, t, day, out);
                        t += static_cast<int64_t>(iat * std::max(0.05, 1.0 + b.iatCv * s.rng.normal()));
                    }
                } else if (!weekend) {
                    // Between runs: a few hand-written calls while preparing the next evaluation.
                    for (int64_t k = 0, n = s.rng.poisson(4); k < n; ++k)
                        emit(a.index, phase, drawDiurnalTime(a.index, b, dayStart, s.rng), day, out, UINT32_MAX, true);
                }
                break;
            }
            case Timing::RoundRobin: break;
            }
            // Sessions and diurnal draws ignore the phase window: keep only what falls inside it.
            if (a.onsetUs >= 0 || (day == a.startDay && a.startOffsetUs > 0))
                out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                                         [&](const Event& e) { return e.tsUs < from || e.tsUs >= to; }),
                          out.end());
        }
    }
    // Hydra networks: one dispatcher per network, jobs handed to members in turn.
    for (Network& n : networks_) {
        if (day < n.startDay || n.members.empty()) continue;
        const double perDay = n.rate * n.rng.lognormal(1.0, 0.05);
        const double meanIatUs = static_cast<double>(kDayUs) / perDay;
        if (n.nextUs < dayStart) n.nextUs = dayStart + static_cast<int64_t>(n.rng.uniform() * meanIatUs);
        while (n.nextUs < dayEnd) {
            if (n.rng.chance(0.04)) ++n.rr;   // an occasional skipped member
            emit(n.members[n.rr++ % n.members.size()], 0, n.nextUs, day, out);
            n.nextUs += static_cast<int64_t>(meanIatUs * std::max(0.05, 1.0 + n.cv * n.rng.normal()));
        }
    }
    out.erase(std::remove_if(out.begin(), out.end(), [&](const Event& e) { return e.tsUs < dayStart || e.tsUs >= dayEnd; }),
              out.end());
    std::stable_sort(out.begin(), out.end(), [](const Event& x, const Event& y) {
        if (x.tsUs != y.tsUs) return x.tsUs < y.tsUs;
        return x.actor < y.actor;
    });
    for (Event& e : out) e.seq = nextSeq_++;
    return out;
}

} // namespace siphon::generate
