#include "analysis/aggregate_linking.h"

#include "analysis/utf8_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace siphon::analysis {

namespace {

// How specific each aggregated signal is to one operator (see linking.cpp for the scale): a
// strict hand-over corroborates; level hourly counts kept for days from the same starting
// hour are a dispatcher's mark and make a group alone.
constexpr double kRelaySpecificity = 0.55;
constexpr double kBalancedSpecificity = 0.5;
constexpr double kBalancedStrongSpecificity = 0.65;
constexpr double kRunActiveShare = 0.9;     // a round-the-clock run is active in this share of its hours
constexpr double kRelayMaxLevelRatio = 2.0;
constexpr size_t kBalancedNeighbours = 256; // entities of similar level compared with each

bool fromBuckets(const EntityProfile& p) { return p.granularity == Granularity::Bucket; }

int64_t floorDivide(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Volume per hour over the span of an hour series (quiet hours count).
double hourlyRate(const std::vector<std::pair<int64_t, double>>& series) {
    double volume = 0;
    for (const auto& [h, v] : series) volume += v;
    return volume / static_cast<double>(series.back().first - series.front().first + 1);
}

int balanceWindow(double hourlyRateOfQuieter, double minPerWindow) {
    for (int w : {1, 2, 4, 8, 12})
        if (hourlyRateOfQuieter * w >= minPerWindow) return w;
    return 24;
}

bool roundTheClock(const LinkingConfig& cfg, const ActivityRun& r) {
    const int64_t span = r.lastHour - r.firstHour + 1;
    return span >= cfg.relayMinRunHours && static_cast<double>(r.activeHours) >= kRunActiveShare * static_cast<double>(span);
}

double level(const ActivityRun& r) { return r.volume / static_cast<double>(std::max<int64_t>(1, r.activeHours)); }

// Keys of one project: one owner. Weighted by how many keys share the project, like any key.
void linkSameProject(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, PairBook& book) {
    std::map<std::string, std::vector<size_t>> byOwner;
    for (size_t i = 0; i < profiles.size(); ++i)
        if (fromBuckets(profiles[i]))
            for (const auto& [owner, c] : profiles[i].owners) byOwner[owner].push_back(i);
    const auto maxShare = static_cast<size_t>(std::max(2, cfg.maxShare));
    for (const auto& [owner, list] : byOwner) {
        const double spec = keySpecificity(cfg, list.size(), profiles.size());
        if (list.size() < 2 || spec <= 0) continue;
        const std::string reason = "keys of the same project " + quotedText(owner, 48);
        for (size_t x = 0; x < list.size(); ++x)
            for (size_t y = x + 1; y < list.size() && (list.size() <= maxShare || y == x + 1); ++y)
                book.add(list[x], list[y], "same_project", cfg.sameProject * spec, reason, spec);
    }
}

void addRelay(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, size_t a, size_t b, PairBook& book) {
    const int relays = countRelays(cfg, profiles[a], profiles[b]) + countRelays(cfg, profiles[b], profiles[a]);
    if (relays == 0) return;
    char buf[128];
    std::snprintf(buf, sizeof buf, "one takes over when the other stops, at the same level (%d hand-over%s)", relays,
                  relays == 1 ? "" : "s");
    book.add(a, b, "relay", std::min(1.0, cfg.relay * relays), buf, kRelaySpecificity);
}

// Candidates: an entity whose round-the-clock run starts within an hour of another's stopping.
void linkRelays(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, PairBook& book) {
    std::unordered_map<int64_t, std::vector<size_t>> startsAt;
    for (size_t i = 0; i < profiles.size(); ++i)
        if (fromBuckets(profiles[i]))
            for (const auto& r : profiles[i].runs)
                if (roundTheClock(cfg, r)) startsAt[r.firstHour].push_back(i);
    std::vector<std::pair<size_t, size_t>> candidates;
    for (size_t i = 0; i < profiles.size(); ++i) {
        if (!fromBuckets(profiles[i])) continue;
        for (const auto& r : profiles[i].runs) {
            if (!roundTheClock(cfg, r)) continue;
            for (int64_t h = r.lastHour; h <= r.lastHour + 2; ++h)
                if (auto it = startsAt.find(h); it != startsAt.end())
                    for (size_t j : it->second)
                        if (j != i) candidates.emplace_back(std::min(i, j), std::max(i, j));
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (auto [a, b] : candidates) addRelay(cfg, profiles, a, b, book);
}

VolumeBalance balanceOf(const EntityProfile& a, const EntityProfile& b, int windowHours) {
    VolumeBalance out;
    const auto& sa = a.hourSeries;
    const auto& sb = b.hourSeries;
    if (!a.requestsKnown || !b.requestsKnown || sa.empty() || sb.empty()) return out;
    const int64_t from = std::max(sa.front().first, sb.front().first), to = std::min(sa.back().first, sb.back().first);
    if (to < from) return out;
    out.windowHours = windowHours;
    // One merge of the two sorted series, window by window (no allocation: it runs for many pairs).
    auto i = std::lower_bound(sa.begin(), sa.end(), std::make_pair(from, -1.0));
    auto j = std::lower_bound(sb.begin(), sb.end(), std::make_pair(from, -1.0));
    double sumA = 0, sumB = 0, disp = 0, va = 0, vb = 0;
    int64_t window = INT64_MIN;
    auto flush = [&] {
        if (va + vb > 0) {
            disp += (va - vb) * (va - vb) / (va + vb);
            sumA += va;
            sumB += vb;
            ++out.windows;
        }
        va = vb = 0;
    };
    while (true) {
        const int64_t ha = i != sa.end() && i->first <= to ? i->first : INT64_MAX;
        const int64_t hb = j != sb.end() && j->first <= to ? j->first : INT64_MAX;
        const int64_t h = std::min(ha, hb);
        if (h == INT64_MAX) break;
        if (const int64_t w = floorDivide(h, out.windowHours); w != window) {
            flush();
            window = w;
        }
        if (ha == h) va += (i++)->second;
        if (hb == h) vb += (j++)->second;
    }
    flush();
    if (out.windows == 0 || sumA <= 0 || sumB <= 0) return out;
    out.dispersion = disp / static_cast<double>(out.windows);
    out.level = std::min(sumA, sumB) / std::max(sumA, sumB);
    return out;
}

void addBalanced(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, size_t a, size_t b,
                 double quieterRate, PairBook& book) {
    const auto& sa = profiles[a].hourSeries;
    const auto& sb = profiles[b].hourSeries;
    const int window = balanceWindow(quieterRate, cfg.balancedMinPerWindow);
    const int64_t overlap = std::min(sa.back().first, sb.back().first) - std::max(sa.front().first, sb.front().first) + 1;
    if (overlap / window + 1 < cfg.balancedMinWindows) return;   // too short to hold enough windows
    const VolumeBalance bal = balanceOf(profiles[a], profiles[b], window);
    if (bal.windows < cfg.balancedMinWindows || bal.level < cfg.balancedMinLevel || bal.dispersion > cfg.balancedMaxDispersion)
        return;
    constexpr int64_t kHourUs = 3'600'000'000LL;
    const bool startedTogether = std::llabs(profiles[a].firstUs / kHourUs - profiles[b].firstUs / kHourUs) <= 1;
    const bool strong = startedTogether && bal.windows >= cfg.balancedStrongWindows;
    char buf[192];
    std::snprintf(buf, sizeof buf,
                  "request counts level with each other in %d windows of %d h (dispersion %.2f; about 1 if independent)%s",
                  bal.windows, bal.windowHours, bal.dispersion, startedTogether ? ", started in the same hour" : "");
    book.add(a, b, "balanced_volume", strong ? cfg.balancedStrong : cfg.balanced, buf,
             strong ? kBalancedStrongSpecificity : kBalancedSpecificity);
}

// Candidates: entities of similar hourly rate (sorted by it), each with its next neighbours.
void linkBalanced(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, PairBook& book) {
    std::vector<std::pair<double, size_t>> byLevel;
    for (size_t i = 0; i < profiles.size(); ++i) {
        const EntityProfile& p = profiles[i];
        if (!fromBuckets(p) || !p.requestsKnown || p.hourSeries.empty()) continue;
        byLevel.emplace_back(hourlyRate(p.hourSeries), i);
    }
    std::sort(byLevel.begin(), byLevel.end());
    for (size_t x = 0; x < byLevel.size(); ++x)
        for (size_t y = x + 1; y < byLevel.size() && y - x <= kBalancedNeighbours; ++y) {
            if (byLevel[y].first * cfg.balancedMinLevel > byLevel[x].first * 1.05) break;   // rough level gate; exact below
            addBalanced(cfg, profiles, std::min(byLevel[x].second, byLevel[y].second),
                        std::max(byLevel[x].second, byLevel[y].second), byLevel[x].first, book);
        }
}

} // namespace

int countRelays(const LinkingConfig& cfg, const EntityProfile& a, const EntityProfile& b) {
    int relays = 0;
    for (const auto& stop : a.runs) {
        if (!roundTheClock(cfg, stop)) continue;
        for (const auto& start : b.runs) {
            if (!roundTheClock(cfg, start) || start.firstHour < stop.lastHour || start.firstHour > stop.lastHour + 2) continue;
            const double la = level(stop), lb = level(start);
            if (la > 0 && lb > 0 && std::max(la, lb) <= kRelayMaxLevelRatio * std::min(la, lb)) ++relays;
        }
    }
    return relays;
}

VolumeBalance volumeBalance(const EntityProfile& a, const EntityProfile& b, double minPerWindow) {
    if (a.hourSeries.empty() || b.hourSeries.empty()) return {};
    return balanceOf(a, b, balanceWindow(std::min(hourlyRate(a.hourSeries), hourlyRate(b.hourSeries)), minPerWindow));
}

void linkAggregateUsage(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, PairBook& book) {
    linkSameProject(cfg, profiles, book);
    linkRelays(cfg, profiles, book);
    linkBalanced(cfg, profiles, book);
}

} // namespace siphon::analysis
