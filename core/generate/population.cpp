// The cast: archetype counts, identities per format and coordination between hydra members.
#include "generate/population.h"

#include "util/hash.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace siphon::generate {

namespace {

const std::vector<std::string> kWords = {
    "acme",   "nova",   "blue",    "river",  "quant",  "lumen",  "atlas",  "cedar",  "orbit",  "pixel",
    "harbor", "summit", "vertex",  "maple",  "ember",  "north",  "delta",  "signal", "copper", "willow",
    "prism",  "falcon", "meadow",  "sonic",  "tidal",  "onyx",   "granite", "zephyr", "lotus",  "beacon"};
const std::vector<std::string> kSuffix = {"labs", "ai", "analytics", "systems", "health", "legal", "media",
                                          "bank", "retail", "games", "edu", "cloud", "data", "works"};
const std::vector<std::string> kBenignUas = {
    "OpenAI/Python 1.61.0", "OpenAI/Python 1.55.3", "openai-node/4.77.0", "openai-node/4.68.1",
    "Boto3/1.36.4 md/Botocore#1.36.4 ua/2.0 os/linux#6.1.0 lang/python#3.12.3",
    "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/macos#24.1.0 lang/python#3.11.9",
    "langchain-openai/0.3.1 OpenAI/Python 1.59.7", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "aws-sdk-java/2.29.52 Linux/6.1 OpenJDK_64-Bit_Server_VM/21",
    "Go-http-client/2.0", "llama-index/0.12.5", "Cursor/0.45.11", "continue-vscode/0.8.66", "anthropic-sdk-python/0.42.0"};
const std::vector<std::string> kScriptUas = {"python-requests/2.32.3", "python-httpx/0.28.1", "curl/8.5.0",
                                             "aiohttp/3.11.11", "OpenAI/Python 1.40.0", "Go-http-client/1.1",
                                             "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"};
const std::vector<int> kHomeFirstOctets = {24, 45, 67, 73, 81, 86, 93, 98, 109, 151, 176, 185, 188, 201, 212};
const std::vector<int> kCloudFirstOctets = {3, 13, 18, 20, 34, 35, 44, 52, 54, 104, 137, 139, 146, 157, 159, 167};

struct Ids {
    std::set<std::string> used;
    bool take(const std::string& s) { return used.insert(s).second; }
};

std::string subnetOf(Rng& r, const std::vector<int>& firstOctets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d.%d.%d.", r.pick(firstOctets), static_cast<int>(r.range(0, 255)),
                  static_cast<int>(r.range(0, 255)));
    return buf;
}

std::string uuid(Rng& r) {
    const std::string h = r.hex(32);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-a" + h.substr(17, 3) + "-" + h.substr(20, 12);
}

void addIps(Actor& a, Rng& r, Ids& ids, const std::string& subnet, int count) {
    for (int i = 0, guard = 0; i < count && guard < 1000; ++guard) {
        const std::string ip = subnet + std::to_string(r.range(2, 254));
        if (ids.take("ip:" + ip)) {
            a.ips.push_back(ip);
            ++i;
        }
    }
    // A /24 shared by many actors can be full; an actor with no address at all would make every
    // event's IP index point past the end, so it gets one in a subnet of its own.
    for (int guard = 0; a.ips.empty() && guard < 1000; ++guard) {
        const std::string ip = subnetOf(r, kCloudFirstOctets) + std::to_string(r.range(2, 254));
        if (ids.take("ip:" + ip)) a.ips.push_back(ip);
    }
}

void addIdentities(Actor& a, Rng& r, Ids& ids, int keys, int principals, int projects, int endUsers) {
    for (int guard = 0; guard < 1000; ++guard) {
        std::string acct = std::to_string(r.range(1, 9)) + std::to_string(r.range(10000000000LL, 99999999999LL)).substr(0, 11);
        if (ids.take("acct:" + acct)) {
            a.accountId = acct;
            break;
        }
    }
    a.slug = r.pick(kWords) + "-" + r.pick(kSuffix) + "-" + r.hex(3);
    a.azureSubscription = uuid(r);
    std::transform(a.azureSubscription.begin(), a.azureSubscription.end(), a.azureSubscription.begin(), ::toupper);
    std::string upper = a.slug;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    a.azureResourceGroup = "RG-" + upper;
    a.azureAccount = "AOAI-" + upper;
    a.azureAad = r.chance(0.4);
    for (int p = 0; p < projects; ++p) {
        ProjectIds pid;
        pid.generic = "proj_" + r.alnum(20);
        pid.anthropic = "wrkspc_01" + r.alnum(22);
        pid.litellm = "team-" + a.slug + "-" + std::to_string(p + 1);
        a.projects.push_back(pid);
    }
    const bool role = r.chance(0.5);
    for (int k = 0; k < keys; ++k) {
        KeyIds key;
        key.generic = "key_" + r.alnum(16);
        key.aws = std::string(role ? "ASIA" : "AKIA") + r.alnum(16, true);
        key.litellm = Sha256::hex("sk-" + r.alnum(22));
        key.anthropic = "apikey_01" + r.alnum(22);
        key.project = k % projects;
        a.keys.push_back(key);
    }
    for (int p = 0; p < principals; ++p) {
        PrincipalIds u;
        const std::string tag = r.alnum(8);
        u.generic = "user-" + tag;
        u.arn = role ? "arn:aws:sts::" + a.accountId + ":assumed-role/" + a.slug + "-role/session-" + tag
                     : "arn:aws:iam::" + a.accountId + ":user/" + r.pick(kWords) + "." + tag;
        if (a.azureAad) u.azureObjectId = uuid(r);
        u.litellm = "u-" + r.alnum(10);
        a.principals.push_back(u);
    }
    for (int e = 0; e < endUsers; ++e) a.endUsers.push_back("eu_" + r.alnum(12));
}

// Per-seed knobs of the whole world, so that no two seeds share one scale of traffic: how busy
// benign customers are, how hard hydra members and turncoats push, how many customers sit in
// shared cloud blocks.
struct World {
    double benignVolume = 1.0;
    double hydraRateLow = 80, hydraRateHigh = 260;
    double turncoatRateLow = 0.5, turncoatRateHigh = 1.0;
    double sharedCloudShare = 0.5;
    double hydraSiblingIpShare = 0.3;
};

World drawWorld(Rng& r) {
    World w;
    w.benignVolume = r.lognormal(1.0, 0.3);
    w.hydraRateLow = r.uniform(40, 120);
    w.hydraRateHigh = w.hydraRateLow + r.uniform(60, 220);
    w.turncoatRateLow = r.uniform(0.25, 0.6);
    w.turncoatRateHigh = w.turncoatRateLow + r.uniform(0.2, 0.5);
    w.sharedCloudShare = r.uniform(0.3, 0.7);
    w.hydraSiblingIpShare = r.uniform(0.0, 0.5);
    return w;
}

// Extra campaigns for populations large enough to hold them (100+ accounts): proxy networks of
// any size and low-volume pairs, drawn from their own stream so smaller casts stay as they were.
std::vector<int> extraCampaigns(int n, Rng& r) {
    std::vector<int> sizes;
    if (n < 100) return sizes;
    const int big = std::clamp(n / 60, 6, 60);
    for (int i = 0, c = static_cast<int>(r.range(1, 2 + n / 2500)); i < c; ++i) sizes.push_back(static_cast<int>(r.range(3, big)));
    for (int i = 0, c = static_cast<int>(r.range(1, 3)); i < c; ++i) sizes.push_back(2);
    return sizes;
}

std::vector<Archetype> castList(int n, Rng& r, std::vector<int>& hydraSizes, int& officeSize,
                                const std::vector<int>& extraSizes) {
    std::vector<Archetype> out;
    auto add = [&](Archetype t, int c) {
        for (int i = 0; i < c && static_cast<int>(out.size()) < n; ++i) out.push_back(t);
    };
    // Malicious first so small runs still contain every kind; tiny runs keep at least half benign.
    const int nets = n >= 300 ? static_cast<int>(r.range(1, 3)) : n >= 120 ? static_cast<int>(r.range(1, 2)) : n >= 8 ? 1 : 0;
    const int maxSize = std::clamp(n / 25, 5, 20);
    for (int i = 0; i < nets; ++i) hydraSizes.push_back(n < 30 ? 3 : static_cast<int>(r.range(5, maxSize)));
    add(Archetype::Extractor, n >= 100 ? static_cast<int>(r.range(1, 3)) : 1);
    add(Archetype::Turncoat, n >= 100 ? static_cast<int>(r.range(1, 2)) : n >= 4 ? 1 : 0);
    for (int s : hydraSizes) add(Archetype::Hydra, s);
    for (int s : extraSizes) add(Archetype::Hydra, s);
    add(Archetype::SlowAndLow, n >= 100 ? static_cast<int>(r.range(1, 3)) : n >= 12 ? 1 : 0);
    add(Archetype::CapabilitySweeper, n >= 100 ? static_cast<int>(r.range(1, 2)) : n >= 14 ? 1 : 0);
    // Benign: a few of each hard negative, the rest mostly developers, chat apps and coding tools.
    const int rest = n - static_cast<int>(out.size());
    add(Archetype::Enterprise, std::max(1, static_cast<int>(rest * r.uniform(0.02, 0.045))));
    add(Archetype::EvalCustomer, std::max(1, static_cast<int>(rest * r.uniform(0.02, 0.05))));
    add(Archetype::NightlyBatch, std::max(1, static_cast<int>(rest * r.uniform(0.04, 0.08))));
    add(Archetype::ResearchLab, std::max(1, static_cast<int>(rest * r.uniform(0.01, 0.03))));
    officeSize = n >= 40 ? static_cast<int>(r.range(2, 4)) : 0;
    add(Archetype::SharedOffice, officeSize);
    add(Archetype::TutorApp, n >= 40 ? std::max(1, static_cast<int>(rest * r.uniform(0.01, 0.03))) : 0);
    add(Archetype::TranslationService, std::max(1, static_cast<int>(rest * r.uniform(0.02, 0.05))));
    add(Archetype::ChatApp, std::max(1, static_cast<int>(rest * r.uniform(0.08, 0.14))));
    add(Archetype::CodingAssistant, std::max(1, static_cast<int>(rest * r.uniform(0.08, 0.14))));
    add(Archetype::Developer, n - static_cast<int>(out.size()));
    return out;
}

// Hydra networks and extra campaigns: one /24, one UA, one template set and one start day each.
struct Net {
    std::string id, subnet, ua;
    int startDay = 0;
    int size = 0;     // members it takes
    int filled = 0;   // members it has
    double perMember = 0;
    double iatCv = 0.2;
    std::vector<std::string> sharedIps;
    std::vector<std::string> variants;
};

// The shared office: one corporate NAT pool (a /24, a host each), the stock SDK, one start day.
struct Office {
    std::string subnet, ua;
    int startDay = 0;
    int64_t startOffsetUs = 0;
};

// Gives each actor of the cast its behaviour, identities and addresses. Holds what actors share:
// the random streams, the world, the ids already taken and the places actors are put in (shared
// cloud blocks, the office, networks, PaaS egress). Every stream is drawn from in the same order
// as before this was split into steps, so a seed gives the same population.
class Caster {
public:
    Caster(const Rng& root, const World& world, int days, int64_t startUs, const Rng& campRng);
    void formNetworks(const std::vector<int>& hydraSizes, const std::vector<int>& extraSizes);
    void openPaasEgress(int accounts);
    Actor cast(int index, Archetype archetype);

private:
    void drawCommon(Actor& a, Rng& r);
    void placeByArchetype(Actor& a, Rng& r);
    void finish(Actor& a, Rng& r);
    void addCloudIps(Actor& a, Rng& r, int count);
    void placeEnterprise(Actor& a, Rng& r);
    void placeChatApp(Actor& a, Rng& r);
    void placeCodingAssistant(Actor& a, Rng& r);
    void placeCloudService(Actor& a, Rng& r);
    void placeExtractor(Actor& a, Rng& r);
    void joinNetwork(Actor& a, Rng& r);
    void joinOffice(Actor& a, Rng& r);
    void placeTutorApp(Actor& a, Rng& r);
    void placeLowProfile(Actor& a, Rng& r);
    void placeTurncoat(Actor& a, Rng& r);
    void placeHomeUser(Actor& a, Rng& r);

    const World world_;
    const int days_;
    const int64_t startUs_;
    Rng idRng_, behRng_, campRng_;
    Ids ids_;
    // Shared /24s for cloud-hosted benign customers: /24 sharing alone must not mean coordination.
    std::vector<std::string> sharedCloud_;
    Office office_;
    std::vector<Net> nets_;
    size_t nextNetSlot_ = 0;
    // PaaS egress: some cloud tenants leave through the same few addresses (unrelated customers).
    std::vector<std::string> paasEgress_;
    double paasShare_ = 0.0;
};

Caster::Caster(const Rng& root, const World& world, int days, int64_t startUs, const Rng& campRng)
    : world_(world), days_(days), startUs_(startUs), idRng_(root.fork(2)), behRng_(root.fork(3)), campRng_(campRng) {
    for (int i = 0; i < 3; ++i) sharedCloud_.push_back(subnetOf(idRng_, kCloudFirstOctets));
    office_.subnet = subnetOf(idRng_, kHomeFirstOctets);
    office_.ua = kBenignUas.front();
    office_.startDay = days >= 5 ? static_cast<int>(idRng_.range(1, days / 2)) : 0;
    office_.startOffsetUs = idRng_.range(0, 3) * 3'600'000'000LL;   // accounts opened within the same hours
}

void Caster::formNetworks(const std::vector<int>& hydraSizes, const std::vector<int>& extraSizes) {
    for (size_t i = 0; i < hydraSizes.size(); ++i) {
        Net n;
        n.id = std::string(i + 1 < 10 ? "net-0" : "net-") + std::to_string(i + 1);
        n.size = hydraSizes[i];
        n.subnet = subnetOf(idRng_, kCloudFirstOctets);
        n.ua = idRng_.pick(kScriptUas);
        n.startDay = static_cast<int>(idRng_.range(0, std::max(0, days_ / 3)));
        n.perMember = behRng_.uniform(world_.hydraRateLow, world_.hydraRateHigh);
        n.iatCv = behRng_.uniform(0.05, 0.3);
        for (int v = 0; v < 3; ++v) n.variants.push_back(idRng_.hex(6));
        nets_.push_back(n);
    }
    // Extra campaigns: sizes, rates (a few requests a day up to hundreds) and pacing from wide ranges.
    for (size_t i = 0; i < extraSizes.size(); ++i) {
        const bool pair = extraSizes[i] == 2;
        Net n;
        // Numbered as they always were: the count of networks grew inside this loop, so the
        // numbers step by two (pair-03, pair-05, ...). Changing that would rename every campaign.
        char id[32];
        std::snprintf(id, sizeof id, "%s-%02zu", pair ? "pair" : "net", hydraSizes.size() + 2 * i + 1);
        n.id = id;
        n.size = extraSizes[i];
        n.subnet = subnetOf(campRng_, kCloudFirstOctets);
        n.ua = campRng_.chance(0.5) ? campRng_.pick(kScriptUas)
                                    : "harvest-" + campRng_.hex(4) + "/" + std::to_string(campRng_.range(1, 3)) + ".0";
        n.startDay = static_cast<int>(campRng_.range(0, std::max(0, days_ / 2)));
        n.perMember = pair ? campRng_.uniform(15, 90) : std::exp(campRng_.uniform(std::log(2.0), std::log(300.0)));
        n.iatCv = campRng_.uniform(0.05, 0.5);
        for (int v = 0, c = static_cast<int>(campRng_.range(1, 4)); v < c; ++v) n.variants.push_back(campRng_.hex(6));
        nets_.push_back(n);
    }
}

void Caster::openPaasEgress(int accounts) {
    paasShare_ = accounts >= 100 ? campRng_.uniform(0.1, 0.4) : 0.0;
    if (accounts < 100) return;
    const std::string block = subnetOf(campRng_, kCloudFirstOctets);
    for (int i = 0, c = static_cast<int>(campRng_.range(2, 4)); i < c; ++i)
        paasEgress_.push_back(block + std::to_string(10 + i));
}

Actor Caster::cast(int index, Archetype archetype) {
    Actor a;
    a.index = index;
    a.archetype = archetype;
    Rng r = idRng_.fork(static_cast<uint64_t>(index) + 100);
    drawCommon(a, r);
    placeByArchetype(a, r);
    finish(a, r);
    return a;
}

// Time zone, behaviour, user agents and active days, drawn alike for every archetype.
void Caster::drawCommon(Actor& a, Rng& r) {
    a.tzOffsetH = static_cast<int>(r.pick(std::vector<int>{-8, -7, -5, -5, -4, 0, 1, 1, 2, 3, 5, 8, 9}));
    a.phase[0] = drawBehaviour(a.archetype, behRng_);
    if (!a.malicious()) a.phase[0].dailyRate *= world_.benignVolume;
    a.phase[1] = a.phase[0];
    a.userAgents.push_back(r.pick(kBenignUas));
    if (r.chance(0.3)) a.userAgents.push_back(r.pick(kBenignUas));
    // New customers and churners among the benign; everyone else spans the whole window.
    if (!a.malicious() && days_ >= 5 && r.chance(0.12)) a.startDay = static_cast<int>(r.range(1, days_ / 2));
    if (!a.malicious() && days_ >= 5 && r.chance(0.06)) a.endDay = static_cast<int>(r.range(days_ / 2 + 1, days_ - 1));
}

// Identities and addresses: how many of each, and where they come from, depend on the archetype.
void Caster::placeByArchetype(Actor& a, Rng& r) {
    switch (a.archetype) {
    case Archetype::Enterprise: placeEnterprise(a, r); break;
    case Archetype::ChatApp: placeChatApp(a, r); break;
    case Archetype::CodingAssistant: placeCodingAssistant(a, r); break;
    case Archetype::NightlyBatch:
    case Archetype::TranslationService: placeCloudService(a, r); break;
    case Archetype::Extractor: placeExtractor(a, r); break;
    case Archetype::Hydra: joinNetwork(a, r); break;
    case Archetype::SharedOffice: joinOffice(a, r); break;
    case Archetype::TutorApp: placeTutorApp(a, r); break;
    case Archetype::SlowAndLow:
    case Archetype::CapabilitySweeper: placeLowProfile(a, r); break;
    case Archetype::Turncoat: placeTurncoat(a, r); break;
    default: placeHomeUser(a, r); break;   // developer, eval customer, research lab
    }
}

void Caster::finish(Actor& a, Rng& r) {
    if (a.templateVariants.empty())
        for (int v = 0; v < 3; ++v) a.templateVariants.push_back(r.hex(6));
    // A full /24 (shared blocks fill up in large populations) must not leave an actor without
    // an address: every event names one.
    if (a.ips.empty()) addIps(a, r, ids_, subnetOf(r, kCloudFirstOctets), 1);
    if (a.malicious()) a.campaign = a.networkId.empty() ? "solo-" + a.accountId : a.networkId;
}

void Caster::addCloudIps(Actor& a, Rng& r, int count) {
    if (!paasEgress_.empty() && campRng_.chance(paasShare_)) {
        a.ips.push_back(paasEgress_[campRng_.index(paasEgress_.size())]);
        return;
    }
    addIps(a, r, ids_, r.chance(world_.sharedCloudShare) ? r.pick(sharedCloud_) : subnetOf(r, kCloudFirstOctets),
           count);
}

void Caster::placeEnterprise(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(5, 40)), static_cast<int>(r.range(20, 150)),
                  static_cast<int>(r.range(3, 10)), 0);
    for (int s = 0, subnets = static_cast<int>(r.range(2, 4)); s < subnets; ++s)
        addIps(a, r, ids_, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(5, 20)));
}

void Caster::placeChatApp(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 3)), 1, static_cast<int>(r.range(1, 2)),
                  static_cast<int>(r.range(80, 600)));
    addCloudIps(a, r, static_cast<int>(r.range(2, 6)));
}

void Caster::placeCodingAssistant(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(2, 6)), static_cast<int>(r.range(3, 30)),
                  static_cast<int>(r.range(1, 3)), 0);
    addIps(a, r, ids_, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(2, 12)));
    a.userAgents = {r.pick(std::vector<std::string>{"Cursor/0.45.11", "continue-vscode/0.8.66",
                                                    "copilot-proxy/1.2.0", "aider/0.72.1"})};
}

// Nightly batch jobs and translation services.
void Caster::placeCloudService(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 2)), static_cast<int>(r.range(1, 2)), 1, 0);
    addCloudIps(a, r, static_cast<int>(r.range(1, 4)));
}

void Caster::placeExtractor(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(2, 5)), static_cast<int>(r.range(1, 3)), 1, 0);
    addIps(a, r, ids_, subnetOf(r, kCloudFirstOctets), static_cast<int>(r.range(2, 5)));
    addIps(a, r, ids_, subnetOf(r, kCloudFirstOctets), static_cast<int>(r.range(1, 3)));
    a.userAgents = {r.pick(kScriptUas)};
}

// A hydra member takes the next network with room, and its start day, pacing, templates and UA.
void Caster::joinNetwork(Actor& a, Rng& r) {
    while (nextNetSlot_ < nets_.size() && nets_[nextNetSlot_].filled >= nets_[nextNetSlot_].size) ++nextNetSlot_;
    Net& n = nets_[std::min(nextNetSlot_, nets_.size() - 1)];
    ++n.filled;
    a.networkId = n.id;
    a.startDay = n.startDay;
    a.phase[0].dailyRate = n.perMember;
    a.phase[0].iatCv = n.iatCv;
    a.phase[1] = a.phase[0];
    a.templateVariants = n.variants;
    addIdentities(a, r, ids_, 1, 1, 1, 0);
    // Most members own one address in the shared /24; some reuse a sibling's.
    if (!n.sharedIps.empty() && r.chance(world_.hydraSiblingIpShare)) a.ips.push_back(r.pick(n.sharedIps));
    else {
        addIps(a, r, ids_, n.subnet, 1);
        if (!a.ips.empty()) n.sharedIps.push_back(a.ips.back());
    }
    a.userAgents = {n.ua};
}

void Caster::joinOffice(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 3)), static_cast<int>(r.range(2, 8)), 1, 0);
    addIps(a, r, ids_, office_.subnet, static_cast<int>(r.range(1, 2)));
    a.userAgents = {office_.ua};
    a.startDay = office_.startDay;
    a.startOffsetUs = office_.startOffsetUs;
}

void Caster::placeTutorApp(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 2)), 1, 1, static_cast<int>(r.range(100, 800)));
    addCloudIps(a, r, static_cast<int>(r.range(2, 5)));
}

// Slow-and-low extractors and capability sweepers: one small footprint, often a script's UA.
void Caster::placeLowProfile(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 2)), 1, 1, 0);
    addIps(a, r, ids_, subnetOf(r, r.chance(0.5) ? kCloudFirstOctets : kHomeFirstOctets),
           static_cast<int>(r.range(1, 3)));
    if (r.chance(0.6)) a.userAgents = {r.pick(kScriptUas)};
}

// A developer account that turns into an extractor at a drawn onset.
void Caster::placeTurncoat(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 3)), static_cast<int>(r.range(1, 2)), 1, 0);
    addIps(a, r, ids_, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(1, 3)));
    a.phase[1] = drawBehaviour(Archetype::Extractor, behRng_);
    a.phase[1].dailyRate *= r.uniform(world_.turncoatRateLow, world_.turncoatRateHigh);
    const int64_t onsetDay = days_ >= 4 ? r.range(std::max(1, days_ / 4), std::max(1, days_ - 2)) : days_ / 2;
    a.onsetUs = startUs_ + onsetDay * 86'400'000'000LL + r.range(0, 23) * 3'600'000'000LL +
                r.range(0, 3599) * 1'000'000LL;
}

// Developers, eval customers and research labs: a few keys from a home or office address.
void Caster::placeHomeUser(Actor& a, Rng& r) {
    addIdentities(a, r, ids_, static_cast<int>(r.range(1, 2)), static_cast<int>(r.range(1, 3)),
                  static_cast<int>(r.range(1, 2)), 0);
    addIps(a, r, ids_, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(1, 3)));
}

} // namespace

Population buildPopulation(uint64_t seed, int accounts, int days, int64_t startUs) {
    Rng root(seed);
    Rng castRng = root.fork(1);
    std::vector<int> hydraSizes;
    int officeSize = 0;
    Rng campRng = root.fork(6);
    const std::vector<int> extraSizes = extraCampaigns(accounts, campRng);
    std::vector<Archetype> cast = castList(accounts, castRng, hydraSizes, officeSize, extraSizes);
    Rng worldRng = root.fork(4);
    const World world = drawWorld(worldRng);
    // Shuffle so ids and order say nothing about the archetype.
    for (size_t i = cast.size(); i > 1; --i) std::swap(cast[i - 1], cast[castRng.index(i)]);

    Caster caster(root, world, days, startUs, campRng);
    caster.formNetworks(hydraSizes, extraSizes);
    caster.openPaasEgress(accounts);
    Population pop;
    for (size_t i = 0; i < cast.size(); ++i) pop.actors.push_back(caster.cast(static_cast<int>(i), cast[i]));
    return pop;
}

} // namespace siphon::generate
