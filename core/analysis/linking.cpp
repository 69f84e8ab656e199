#include "analysis/linking.h"

#include "analysis/aggregate_linking.h"
#include "analysis/interleaving.h"
#include "analysis/link_pairs.h"

#include "analysis/utf8_text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace siphon::analysis {

namespace {

struct UnionFind {
    std::vector<size_t> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    size_t find(size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(size_t a, size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

// Printable, capped copy of a hostile string for a sentence (valid UTF-8, cut between characters).
std::string shown(const std::string& s) { return quotedText(s, 48); }

// How much each kind of shared evidence says about one operator, beyond its strength (times the
// key's rarity): an address (1) or address block (0.75) is the operator's infrastructure and
// makes a group alone, and so do strict turns in a fixed place of each other's cycle (0.8: one
// clock); a prompt frame (0.5) and strict turn-taking without a phase lock (0.55) make one only
// together (popular chain-of-thought frames are shared by unrelated operators); a client string
// (0.4: stock script clients) and timing coincidences only add strength.
constexpr double kContentSpecificity = 0.5;
constexpr double kCorroboratingSpecificity = 0.5;
constexpr int kStrictTurnsRequests = 120;
constexpr double kLockedTurnsSpecificity = 0.8;

// The mean gap between an entity's sampled requests (at least 1 µs).
double meanGapUs(const std::vector<int64_t>& times) {
    if (times.size() < 2) return 1.0;
    return std::max(1.0, static_cast<double>(times.back() - times.front()) / static_cast<double>(times.size() - 1));
}

// An address shared by entities with different clients counts this much (shared infrastructure).
constexpr double kSharedInfrastructure = 0.3;

// The words every sampled prompt of an entity carries (its prompt frame), as a client signature:
// the first kFrameSignatureWords of them in a fixed order, so the accounts of one tool agree while
// a few template slots that happen to repeat do not split them ("" when the entity has no frame).
constexpr size_t kFrameSignatureWords = 4;
std::string frameSignature(const EntityProfile& p) {
    if (p.sampledPrompts < 8) return {};
    std::vector<std::string> every;
    for (const auto& [w, d] : p.sampleWordDocs)
        if (d >= p.sampledPrompts) every.push_back(w);   // sorted (map order)
    if (every.size() < 3) return {};
    std::string sig = "frame:";
    for (size_t i = 0; i < every.size() && i < kFrameSignatureWords; ++i) sig += every[i] + " ";
    return sig;
}

// Each entity's client: its most used user agent; without one (LiteLLM, Bedrock and Azure logs
// carry none), its prompt frame, since one operator's accounts run one tool with one frame while
// the tenants behind a platform's shared egress run their own ("" when neither is known).
std::vector<std::string> mainClients(const std::vector<EntityProfile>& profiles) {
    std::vector<std::string> out(profiles.size());
    for (size_t i = 0; i < profiles.size(); ++i) {
        int64_t best = 0;
        for (const auto& [ua, c] : profiles[i].userAgents)
            if (c > best) best = c, out[i] = ua;
        if (out[i].empty()) out[i] = frameSignature(profiles[i]);
    }
    return out;
}

// True when the entities that name a client (at least two) mostly name the same one, or when
// too few name any to tell.
bool sameClient(const std::vector<std::string>& clients, const std::vector<size_t>& members) {
    std::map<std::string, int> count;
    int named = 0, top = 0;
    for (size_t m : members) {
        if (clients[m].empty()) continue;
        ++named;
        top = std::max(top, ++count[clients[m]]);
    }
    return named < 2 || top >= 0.75 * named;
}

using Pairs = std::map<std::pair<size_t, size_t>, PairInfo>;

// A pair linked through its operator's infrastructure, or through two corroborating signals
// (a prompt frame and strict turn-taking), rather than through one signal many operators share.
bool specificPair(const PairInfo& pi, double minSpecificity) {
    int corroborating = 0;
    for (const auto& e : pi.edges) {
        if (e.specificity >= minSpecificity) return true;
        if (e.specificity >= kCorroboratingSpecificity) ++corroborating;
    }
    return corroborating >= 2;
}

// Groups of linked pairs. Unsplit: connected components. Split: specific pairs form the groups;
// a pair linked only by unspecific evidence joins two entities that are both still alone, never
// two groups (nor a third entity to a weak pair), so that unspecific behaviour shared by many
// operators (24/7 clockwork, the same script client) cannot chain them into one network.
UnionFind groupPairs(const Pairs& pairs, size_t n, const LinkingConfig& cfg) {
    UnionFind uf(n);
    std::vector<std::pair<double, std::pair<size_t, size_t>>> weak;
    for (const auto& [k, pi] : pairs) {
        if (pi.strength < cfg.linkThreshold - 1e-9) continue;
        if (!cfg.splitClusters || specificPair(pi, cfg.strongSpecificity)) uf.unite(k.first, k.second);
        else weak.push_back({pi.strength, k});
    }
    std::vector<size_t> size(n, 0);
    for (size_t i = 0; i < n; ++i) ++size[uf.find(i)];
    std::stable_sort(weak.begin(), weak.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (const auto& [w, k] : weak) {
        const size_t ra = uf.find(k.first), rb = uf.find(k.second);
        if (ra == rb || size[ra] != 1 || size[rb] != 1) continue;
        uf.unite(ra, rb);
        size[uf.find(ra)] = 2;   // a weak pair may not take a third by a weak link
    }
    return uf;
}

} // namespace

bool isMaskedIp(const std::string& ip) { return ip.find('*') != std::string::npos; }

double keySpecificity(const LinkingConfig& config, size_t df, size_t n) {
    const double rare = std::max(static_cast<double>(std::max(2, config.maxShare)), config.rareShare * static_cast<double>(n));
    const double common = rare * std::max(1.5, config.commonFactor);
    const auto d = static_cast<double>(df);
    if (d <= rare) return 1.0;
    if (d >= common) return 0.0;
    return std::log(common / d) / std::log(common / rare);
}

std::string subnetOf(const std::string& ip) {
    unsigned char buf[16];
    // A masked address ("203.0.113.***", as Azure logs it) names its /24 and nothing finer.
    if (isMaskedIp(ip)) {
        const auto dot = ip.rfind('.');
        if (dot == std::string::npos || ip.find_first_not_of('*', dot + 1) != std::string::npos) return {};
        return subnetOf(ip.substr(0, dot) + ".0");
    }
    if (inet_pton(AF_INET, ip.c_str(), buf) == 1) {
        char out[32];
        std::snprintf(out, sizeof out, "%u.%u.%u.0/24", buf[0], buf[1], buf[2]);
        return out;
    }
    if (inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
        char out[48];
        std::snprintf(out, sizeof out, "%x:%x:%x::/48", (buf[0] << 8) | buf[1], (buf[2] << 8) | buf[3],
                      (buf[4] << 8) | buf[5]);
        return out;
    }
    return {};
}

double minuteCorrelation(const std::vector<std::pair<int64_t, uint32_t>>& a,
                         const std::vector<std::pair<int64_t, uint32_t>>& b, int* minutesOut) {
    if (minutesOut) *minutesOut = 0;
    if (a.empty() || b.empty()) return 0;
    const int64_t lo = std::max(a.front().first, b.front().first);
    const int64_t hi = std::min(a.back().first, b.back().first);
    if (hi < lo) return 0;
    std::vector<std::pair<double, double>> xy;
    size_t i = 0, j = 0;
    while (i < a.size() && a[i].first < lo) ++i;
    while (j < b.size() && b[j].first < lo) ++j;
    while ((i < a.size() && a[i].first <= hi) || (j < b.size() && b[j].first <= hi)) {
        const int64_t ma = i < a.size() && a[i].first <= hi ? a[i].first : INT64_MAX;
        const int64_t mb = j < b.size() && b[j].first <= hi ? b[j].first : INT64_MAX;
        const int64_t m = std::min(ma, mb);
        const double x = ma == m ? a[i++].second : 0.0;
        const double y = mb == m ? b[j++].second : 0.0;
        xy.emplace_back(x, y);
    }
    if (minutesOut) *minutesOut = static_cast<int>(xy.size());
    if (xy.size() < 3) return 0;
    double mx = 0, my = 0;
    for (auto [x, y] : xy) {
        mx += x;
        my += y;
    }
    mx /= static_cast<double>(xy.size());
    my /= static_cast<double>(xy.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (auto [x, y] : xy) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if (sxx <= 0 || syy <= 0) return 0;
    return sxy / std::sqrt(sxx * syy);
}

std::vector<std::string> templateSkeleton(const EntityProfile& p) {
    std::vector<std::string> out;
    if (p.sampledPrompts < 8) return out;
    const int need = static_cast<int>(std::ceil(0.6 * p.sampledPrompts));
    for (const auto& [w, d] : p.sampleWordDocs)
        if (d >= need) out.push_back(w);
    return out;   // sorted (map order)
}


namespace {

// |a ∩ b| / |a ∪ b| of two sorted word lists.
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> inter;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
    return static_cast<double>(inter.size()) / static_cast<double>(a.size() + b.size() - inter.size());
}

// The linking of one population: each step adds the edges of one kind of evidence to the book.
class Linker {
public:
    Linker(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles)
        : cfg_(cfg), profiles_(profiles), n_(profiles.size()),
          maxShare_(static_cast<size_t>(std::max(2, cfg.maxShare))), clients_(mainClients(profiles)) {}

    void linkAddresses();
    void linkUserAgents();
    void linkExactTemplates();
    void linkNearTemplates();
    struct SimilarTemplates {
        size_t a, b;
        double jaccard;
    };
    std::vector<SimilarTemplates> similarTemplatePairs() const;
    void linkCreationTimes();
    void linkRoundRobin();
    void linkInterleaving();
    void linkAggregates() { linkAggregateUsage(cfg_, profiles_, book_); }
    LinkResult clusters() const;

private:
    void postings(const std::map<std::string, std::vector<size_t>>& index, const std::string& kind, double strength,
                  const std::string& what, double specificityShare, bool infrastructure);
    void addInterleaving(size_t a, size_t b);
    std::vector<std::pair<size_t, size_t>> interleavingCandidates() const;

    const LinkingConfig& cfg_;
    const std::vector<EntityProfile>& profiles_;
    const size_t n_;
    const size_t maxShare_;
    const std::vector<std::string> clients_;
    PairBook book_;
};

// Each key's edges are weighted by how rare the key is here. A key shared by up to maxShare
// entities links every pair of them; a larger one is blocked: each member is linked to the
// next in index order, so that a network of thousands links in linear time (identical key
// sets give identical chains, whose strengths add up as the pairs' would).
void Linker::postings(const std::map<std::string, std::vector<size_t>>& index, const std::string& kind,
                      double strength, const std::string& what, double specificityShare, bool infrastructure) {
    for (const auto& [key, list] : index) {
        if (list.size() < 2) continue;
        double spec = keySpecificity(cfg_, list.size(), n_);
        // Unrelated tenants behind one platform's egress run different clients; one operator's
        // accounts run its one tool. A shared address with mixed clients is shared infrastructure.
        if (infrastructure && !sameClient(clients_, list)) spec *= kSharedInfrastructure;
        if (spec <= 0) continue;
        const std::string reason = what + " " + shown(key);
        const double w = strength * spec;
        if (list.size() > maxShare_) {
            for (size_t x = 0; x + 1 < list.size(); ++x) book_.add(list[x], list[x + 1], kind, w, reason, spec * specificityShare);
            continue;
        }
        for (size_t x = 0; x < list.size(); ++x)
            for (size_t y = x + 1; y < list.size(); ++y) book_.add(list[x], list[y], kind, w, reason, spec * specificityShare);
    }
}

void Linker::linkAddresses() {
    std::map<std::string, std::vector<size_t>> byIp, bySubnet;
    for (size_t i = 0; i < n_; ++i) {
        std::set<std::string> subnets;
        for (const auto& [ip, c] : profiles_[i].ips) {
            if (!isMaskedIp(ip)) byIp[ip].push_back(i);   // a masked address is a block, not a host
            if (auto s = subnetOf(ip); !s.empty()) subnets.insert(s);
        }
        for (const auto& s : subnets) bySubnet[s].push_back(i);
    }
    postings(byIp, "shared_ip", cfg_.sharedIp, "shared source IP", 1.0, true);
    postings(bySubnet, "shared_subnet", cfg_.sharedSubnet, "shared address block", 0.75, true);
}

void Linker::linkUserAgents() {
    std::map<std::string, std::vector<size_t>> byUa;
    for (size_t i = 0; i < n_; ++i)
        for (const auto& [ua, c] : profiles_[i].userAgents) byUa[ua].push_back(i);
    // Common = used by more than the configured share of entities (and by more than 10): a stock SDK string.
    const size_t common = std::max<size_t>(10, static_cast<size_t>(cfg_.commonUserAgentShare * static_cast<double>(n_)));
    for (auto it = byUa.begin(); it != byUa.end();) it = it->second.size() > common ? byUa.erase(it) : std::next(it);
    postings(byUa, "shared_user_agent", cfg_.sharedUserAgent, "shared uncommon user agent", 0.4, false);
}

// Exact (digit-folded) templates carrying a real share of both entities' traffic.
void Linker::linkExactTemplates() {
    std::map<std::string, std::vector<size_t>> byExact;
    for (size_t i = 0; i < n_; ++i) {
        const auto& p = profiles_[i];
        if (p.hashedRequests < 10) continue;
        for (const auto& [h, c] : p.exactTemplates)
            if (static_cast<double>(c) >= cfg_.templateMinShare * static_cast<double>(p.hashedRequests))
                byExact[std::to_string(h)].push_back(i);
    }
    postings(byExact, "shared_template", cfg_.sharedTemplate, "identical prompt template #", kContentSpecificity, false);
}

// Near-duplicate templates: skeleton-word sets with high Jaccard similarity.
void Linker::linkNearTemplates() {
    const std::vector<SimilarTemplates> pairs = similarTemplatePairs();
    // How many entities send each entity's frame: a frame that hundreds of unrelated customers
    // send (a popular tool's or a public benchmark's wording) says little about one operator.
    std::vector<size_t> sharers(n_, 1);
    for (const auto& p : pairs) ++sharers[p.a], ++sharers[p.b];
    for (const auto& p : pairs) {
        const double spec = keySpecificity(cfg_, std::max(sharers[p.a], sharers[p.b]), n_);
        if (spec <= 0) continue;
        char buf[128];
        std::snprintf(buf, sizeof buf, "same prompt template (%.0f%% of its fixed words in common; sent by %zu entities)",
                      p.jaccard * 100, std::max(sharers[p.a], sharers[p.b]));
        book_.add(p.a, p.b, "shared_template", cfg_.sharedTemplate * spec, buf, kContentSpecificity * spec);
    }
}

// Pairs whose template skeletons (word sets) reach the configured Jaccard similarity, found
// through the skeleton words they share (a word in most of the population's frames is skipped).
std::vector<Linker::SimilarTemplates> Linker::similarTemplatePairs() const {
    std::vector<std::vector<std::string>> skel(n_);
    std::map<std::string, std::vector<size_t>> byWord;
    for (size_t i = 0; i < n_; ++i) {
        skel[i] = templateSkeleton(profiles_[i]);
        if (skel[i].size() < 3) continue;
        for (const auto& w : skel[i]) byWord[w].push_back(i);
    }
    std::vector<SimilarTemplates> out;
    std::set<std::pair<size_t, size_t>> tried;
    for (const auto& [w, list] : byWord) {
        if (list.size() < 2 || list.size() > maxShare_ * 4) continue;
        for (size_t x = 0; x < list.size(); ++x)
            for (size_t y = x + 1; y < list.size(); ++y) {
                const size_t a = list[x], b = list[y];
                if (!tried.insert({a, b}).second) continue;
                const double j = jaccard(skel[a], skel[b]);
                if (j >= cfg_.templateSimilarity) out.push_back({a, b, j});
            }
    }
    return out;
}

// Creation time: entities first seen within the window (only those new during the data).
void Linker::linkCreationTimes() {
    constexpr int64_t kDayUs = 86'400'000'000LL;
    const auto window = static_cast<int64_t>(cfg_.creationWindowHours * 3600e6);
    const auto closeWindow = static_cast<int64_t>(cfg_.creationCloseMinutes * 60e6);
    std::vector<size_t> fresh;
    for (size_t i = 0; i < n_; ++i)
        if (profiles_[i].firstUs > profiles_[i].datasetStartUs + kDayUs) fresh.push_back(i);
    std::sort(fresh.begin(), fresh.end(), [&](size_t a, size_t b) { return profiles_[a].firstUs < profiles_[b].firstUs; });
    for (size_t x = 0; x < fresh.size(); ++x) {
        size_t cnt = 0;
        for (size_t y = x + 1; y < fresh.size() && cnt < maxShare_; ++y, ++cnt) {
            const int64_t apart = profiles_[fresh[y]].firstUs - profiles_[fresh[x]].firstUs;
            if (apart > window) break;
            if (apart <= closeWindow) {
                char buf[96];
                std::snprintf(buf, sizeof buf, "first seen %.0f minutes apart", std::floor(static_cast<double>(apart) / 60e6));
                book_.add(fresh[x], fresh[y], "creation_time", cfg_.creationClose, buf);
            } else {
                book_.add(fresh[x], fresh[y], "creation_time", cfg_.creationTime, "first seen within the same hours");
            }
        }
    }
}

// Round-robin timing, checked on pairs that already share something and on pairs that started
// within the same minute.
void Linker::linkRoundRobin() {
    std::map<int64_t, std::vector<size_t>> byStart;
    for (size_t i = 0; i < n_; ++i)
        if (!profiles_[i].minuteSeries.empty()) byStart[profiles_[i].minuteSeries.front().first].push_back(i);
    std::vector<std::pair<size_t, size_t>> candidates = book_.keys();
    for (const auto& [m, list] : byStart)
        if (list.size() <= maxShare_)
            for (size_t x = 0; x < list.size(); ++x)
                for (size_t y = x + 1; y < list.size(); ++y) candidates.emplace_back(list[x], list[y]);
    for (auto [a, b] : candidates) {
        const auto& pa = profiles_[a].minuteSeries;
        const auto& pb = profiles_[b].minuteSeries;
        if (static_cast<int>(pa.size()) < cfg_.roundRobinMinMinutes || static_cast<int>(pb.size()) < cfg_.roundRobinMinMinutes)
            continue;
        int minutes = 0;
        const double c = minuteCorrelation(pa, pb, &minutes);
        if (minutes < cfg_.roundRobinMinMinutes || c < cfg_.roundRobinMinCorr) continue;
        char buf[128];
        std::snprintf(buf, sizeof buf, "requests rise and fall together minute by minute (r=%.2f over %d minutes)", c, minutes);
        book_.add(a, b, "round_robin", cfg_.roundRobin, buf);
    }
}

// Pairs that already share something, pairs that started near together, and pairs whose first
// requests fell within one of their own typical gaps at a similar rate: a dispatcher's accounts
// start within one turn of each other, whatever else started that day.
std::vector<std::pair<size_t, size_t>> Linker::interleavingCandidates() const {
    std::vector<std::pair<size_t, size_t>> candidates = book_.keys();
    std::vector<size_t> order;
    for (size_t i = 0; i < n_; ++i)
        if (static_cast<int>(profiles_[i].timeSample.size()) >= cfg_.interleaveMinRequests) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return profiles_[a].timeSample.front() < profiles_[b].timeSample.front(); });
    const auto startWindow = static_cast<int64_t>(cfg_.interleaveStartWindowHours * 3600e6);
    const auto start = [&](size_t i) { return profiles_[i].timeSample.front(); };
    for (size_t x = 0; x < order.size(); ++x) {
        for (size_t y = x + 1, cnt = 0; y < order.size() && cnt < maxShare_; ++y, ++cnt) {
            if (start(order[y]) - start(order[x]) > startWindow) break;
            candidates.emplace_back(std::min(order[x], order[y]), std::max(order[x], order[y]));
        }
        const double gapX = meanGapUs(profiles_[order[x]].timeSample);
        const auto turnWindow = static_cast<int64_t>(std::min(static_cast<double>(startWindow), 2.0 * gapX));
        for (size_t y = x + 1, cnt = 0; y < order.size() && cnt < 4 * maxShare_; ++y) {
            if (start(order[y]) - start(order[x]) > turnWindow) break;
            const double ratio = meanGapUs(profiles_[order[y]].timeSample) / gapX;
            if (ratio < 0.5 || ratio > 2.0) continue;
            candidates.emplace_back(std::min(order[x], order[y]), std::max(order[x], order[y]));
            ++cnt;
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    return candidates;
}

// One dispatcher handing jobs to several accounts in turn makes their requests alternate
// (A, B, A, B, ...) far more strictly than independent traffic does.
void Linker::addInterleaving(size_t a, size_t b) {
    const Interleaving il = interleaving(profiles_[a].timeSample, profiles_[b].timeSample);
    if (std::min(il.eventsA, il.eventsB) < cfg_.interleaveMinRequests / 2 || il.eventsA + il.eventsB < cfg_.interleaveMinRequests)
        return;
    if (il.alternation < cfg_.interleaveMinAlternation || il.alternation - il.expected < cfg_.interleaveMinExcess) return;
    // Two clockwork jobs alternate at any offset; turns are a dispatcher's only if they are more.
    if (!coordinatedTurns(il, cfg_.interleaveMinExcess, cfg_.interleaveMinPhaseLock)) return;
    // Independent random streams cannot keep strict turns for hundreds of requests (the chance
    // falls like 2^-n); a scheduler handing jobs out in turn does, and gives each the same count.
    // Two clockwork jobs of similar rates also alternate, but not with equal counts for long: so
    // the strong form needs balance too. Else it needs company.
    const double balance =
        static_cast<double>(std::min(il.eventsA, il.eventsB)) / static_cast<double>(std::max(il.eventsA, il.eventsB));
    const bool turns = il.alternation >= cfg_.interleaveStrongAlternation && balance >= cfg_.interleaveStrongMinBalance;
    const bool strong = turns && il.eventsA + il.eventsB >= cfg_.interleaveStrongRequests;
    // Strict, balanced turns over a hundred-odd requests are a dispatcher's mark even when too
    // few to link alone: they corroborate a shared prompt frame.
    const bool strict = turns && il.eventsA + il.eventsB >= kStrictTurnsRequests;
    // Strict turns in a fixed place of each other's cycle, kept for a hundred-odd requests: one
    // clock drives both (independent clocks drift apart; different operators never locked here).
    const bool locked = strict && il.phaseLock >= cfg_.interleaveMinPhaseLock;
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "requests take turns (%.0f%% of %d consecutive requests switch account; %.0f%% if independent, %.0f%% "
                  "shifted in time; phase lock %.2f)",
                  il.alternation * 100, il.eventsA + il.eventsB, il.expected * 100, il.shiftedAlternation * 100, il.phaseLock);
    book_.add(a, b, "interleaved", strong || locked ? cfg_.interleaveStrong : cfg_.interleave, buf,
              locked ? kLockedTurnsSpecificity : strict ? kCorroboratingSpecificity + 0.05 : 0.3);
}

void Linker::linkInterleaving() {
    for (auto [a, b] : interleavingCandidates()) addInterleaving(a, b);
}

// Mean over linked pairs of their most specific shared key, and the reasons in words: the
// three commonest kinds of evidence with an example each.
void describeCluster(LinkCluster& c) {
    std::map<std::pair<size_t, size_t>, double> pairSpec;
    for (const auto& e : c.edges) pairSpec[{e.a, e.b}] = std::max(pairSpec[{e.a, e.b}], e.specificity);
    double specSum = 0;
    for (const auto& [k, v] : pairSpec) specSum += v;
    c.specificity = pairSpec.empty() ? 0.0 : specSum / static_cast<double>(pairSpec.size());
    std::map<std::string, std::pair<int, std::string>> kinds;   // kind -> (count, example reason)
    for (const auto& e : c.edges) {
        auto& k = kinds[e.kind];
        if (k.first++ == 0) k.second = e.reason;
    }
    std::vector<std::pair<int, std::string>> parts;
    for (const auto& [kind, v] : kinds) parts.emplace_back(v.first, v.second + " (" + std::to_string(v.first) + " links)");
    std::sort(parts.rbegin(), parts.rend());
    c.reasons = std::to_string(c.members.size()) + " linked entities";
    for (size_t i = 0; i < parts.size() && i < 3; ++i) c.reasons += (i ? "; " : ": ") + parts[i].second;
}

LinkResult Linker::clusters() const {
    UnionFind uf = groupPairs(book_.pairs(), n_, cfg_);
    std::map<size_t, std::vector<size_t>> groups;
    for (size_t i = 0; i < n_; ++i) groups[uf.find(i)].push_back(i);
    LinkResult result;
    std::unordered_map<size_t, size_t> clusterOf;
    for (auto& [root, members] : groups) {
        if (members.size() < 2) continue;
        clusterOf[root] = result.clusters.size();
        result.clusters.push_back({members, {}, {}});
    }
    for (const auto& [k, pi] : book_.pairs()) {
        const size_t ra = uf.find(k.first);
        if (ra != uf.find(k.second)) continue;
        auto it = clusterOf.find(ra);
        if (it == clusterOf.end()) continue;
        for (const auto& e : pi.edges) result.clusters[it->second].edges.push_back(e);
    }
    for (auto& c : result.clusters) describeCluster(c);
    return result;
}

} // namespace

void PairBook::add(size_t a, size_t b, const std::string& kind, double strength, const std::string& reason,
                   double specificity) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    auto& pi = pairs_[{a, b}];
    for (const auto& e : pi.edges)
        if (e.kind == kind || (kind == "shared_subnet" && e.kind == "shared_ip"))
            return;   // one edge per kind and pair; a shared address already says its block is shared
    pi.strength += strength;
    pi.edges.push_back({a, b, kind, strength, specificity, reason});
}

std::vector<std::pair<size_t, size_t>> PairBook::keys() const {
    std::vector<std::pair<size_t, size_t>> out;
    out.reserve(pairs_.size());
    for (const auto& [k, v] : pairs_) out.push_back(k);
    return out;
}

LinkResult linkEntities(const LinkingConfig& cfg, const std::vector<EntityProfile>& profiles, bool ipLevel) {
    Linker linker(cfg, profiles);
    if (!ipLevel) linker.linkAddresses();
    linker.linkUserAgents();
    linker.linkExactTemplates();
    linker.linkNearTemplates();
    linker.linkCreationTimes();
    linker.linkRoundRobin();
    linker.linkInterleaving();
    linker.linkAggregates();
    return linker.clusters();
}

} // namespace siphon::analysis
