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

    Population pop;
    Ids ids;
    Rng idRng = root.fork(2);
    Rng behRng = root.fork(3);
    // Shared /24s for cloud-hosted benign customers: /24 sharing alone must not mean coordination.
    std::vector<std::string> sharedCloud;
    for (int i = 0; i < 3; ++i) sharedCloud.push_back(subnetOf(idRng, kCloudFirstOctets));

    // Hydra networks: one /24, one UA, one template set and one start day per network.
    struct Net {
        std::string id, subnet, ua;
        int startDay;
        int members = 0;
        double perMember = 0;
        double iatCv = 0.2;
        std::vector<std::string> sharedIps;
        std::vector<std::string> variants;
    };
    // The shared office: one corporate NAT pool (a /24, a host each), the stock SDK, one start day.
    const std::string officeSubnet = subnetOf(idRng, kHomeFirstOctets);
    const std::string officeUa = kBenignUas.front();
    const int officeStartDay = days >= 5 ? static_cast<int>(idRng.range(1, days / 2)) : 0;
    const int64_t officeStartUs = idRng.range(0, 3) * 3'600'000'000LL;   // accounts opened within the same hours
    std::vector<Net> nets;
    for (size_t i = 0; i < hydraSizes.size(); ++i) {
        Net n;
        n.id = std::string(i + 1 < 10 ? "net-0" : "net-") + std::to_string(i + 1);
        n.subnet = subnetOf(idRng, kCloudFirstOctets);
        n.ua = idRng.pick(kScriptUas);
        n.startDay = static_cast<int>(idRng.range(0, std::max(0, days / 3)));
        n.perMember = behRng.uniform(world.hydraRateLow, world.hydraRateHigh);
        n.iatCv = behRng.uniform(0.05, 0.3);
        for (int v = 0; v < 3; ++v) n.variants.push_back(idRng.hex(6));
        nets.push_back(n);
    }
    // Extra campaigns: sizes, rates (a few requests a day up to hundreds) and pacing from wide ranges.
    for (size_t i = 0; i < extraSizes.size(); ++i) {
        const bool pair = extraSizes[i] == 2;
        Net n;
        char id[32];
        std::snprintf(id, sizeof id, "%s-%02zu", pair ? "pair" : "net", hydraSizes.size() + i + 1);
        n.id = id;
        n.subnet = subnetOf(campRng, kCloudFirstOctets);
        n.ua = campRng.chance(0.5) ? campRng.pick(kScriptUas) : "harvest-" + campRng.hex(4) + "/" + std::to_string(campRng.range(1, 3)) + ".0";
        n.startDay = static_cast<int>(campRng.range(0, std::max(0, days / 2)));
        n.perMember = pair ? campRng.uniform(15, 90) : std::exp(campRng.uniform(std::log(2.0), std::log(300.0)));
        n.iatCv = campRng.uniform(0.05, 0.5);
        for (int v = 0, c = static_cast<int>(campRng.range(1, 4)); v < c; ++v) n.variants.push_back(campRng.hex(6));
        nets.push_back(n);
        hydraSizes.push_back(extraSizes[i]);
    }
    // PaaS egress: some cloud tenants leave through the same few addresses (unrelated customers).
    std::vector<std::string> paasEgress;
    const double paasShare = accounts >= 100 ? campRng.uniform(0.1, 0.4) : 0.0;
    if (accounts >= 100) {
        const std::string block = subnetOf(campRng, kCloudFirstOctets);
        for (int i = 0, c = static_cast<int>(campRng.range(2, 4)); i < c; ++i) paasEgress.push_back(block + std::to_string(10 + i));
    }
    auto cloudIps = [&](Actor& a, Rng& r, int count) {
        if (!paasEgress.empty() && campRng.chance(paasShare)) {
            a.ips.push_back(paasEgress[campRng.index(paasEgress.size())]);
            return;
        }
        addIps(a, r, ids, r.chance(world.sharedCloudShare) ? r.pick(sharedCloud) : subnetOf(r, kCloudFirstOctets), count);
    };
    size_t nextNetSlot = 0;
    std::vector<int> netFill(nets.size(), 0);

    for (int i = 0; i < static_cast<int>(cast.size()); ++i) {
        Actor a;
        a.index = i;
        a.archetype = cast[static_cast<size_t>(i)];
        Rng r = idRng.fork(static_cast<uint64_t>(i) + 100);
        a.tzOffsetH = static_cast<int>(r.pick(std::vector<int>{-8, -7, -5, -5, -4, 0, 1, 1, 2, 3, 5, 8, 9}));
        a.phase[0] = drawBehaviour(a.archetype, behRng);
        a.phase[1] = a.phase[0];
        if (!a.malicious()) a.phase[0].dailyRate *= world.benignVolume;
        a.phase[1] = a.phase[0];
        a.userAgents.push_back(r.pick(kBenignUas));
        if (r.chance(0.3)) a.userAgents.push_back(r.pick(kBenignUas));
        // New customers and churners among the benign; everyone else spans the whole window.
        if (!a.malicious() && days >= 5 && r.chance(0.12)) a.startDay = static_cast<int>(r.range(1, days / 2));
        if (!a.malicious() && days >= 5 && r.chance(0.06)) a.endDay = static_cast<int>(r.range(days / 2 + 1, days - 1));

        switch (a.archetype) {
        case Archetype::Enterprise:
            addIdentities(a, r, ids, static_cast<int>(r.range(5, 40)), static_cast<int>(r.range(20, 150)),
                          static_cast<int>(r.range(3, 10)), 0);
            for (int s = 0, subnets = static_cast<int>(r.range(2, 4)); s < subnets; ++s)
                addIps(a, r, ids, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(5, 20)));
            break;
        case Archetype::ChatApp:
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 3)), 1, static_cast<int>(r.range(1, 2)),
                          static_cast<int>(r.range(80, 600)));
            cloudIps(a, r, static_cast<int>(r.range(2, 6)));
            break;
        case Archetype::CodingAssistant:
            addIdentities(a, r, ids, static_cast<int>(r.range(2, 6)), static_cast<int>(r.range(3, 30)),
                          static_cast<int>(r.range(1, 3)), 0);
            addIps(a, r, ids, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(2, 12)));
            a.userAgents = {r.pick(std::vector<std::string>{"Cursor/0.45.11", "continue-vscode/0.8.66",
                                                            "copilot-proxy/1.2.0", "aider/0.72.1"})};
            break;
        case Archetype::NightlyBatch:
        case Archetype::TranslationService:
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 2)), static_cast<int>(r.range(1, 2)), 1, 0);
            cloudIps(a, r, static_cast<int>(r.range(1, 4)));
            break;
        case Archetype::Extractor:
            addIdentities(a, r, ids, static_cast<int>(r.range(2, 5)), static_cast<int>(r.range(1, 3)), 1, 0);
            addIps(a, r, ids, subnetOf(r, kCloudFirstOctets), static_cast<int>(r.range(2, 5)));
            addIps(a, r, ids, subnetOf(r, kCloudFirstOctets), static_cast<int>(r.range(1, 3)));
            a.userAgents = {r.pick(kScriptUas)};
            break;
        case Archetype::Hydra: {
            while (nextNetSlot < nets.size() && netFill[nextNetSlot] >= hydraSizes[nextNetSlot]) ++nextNetSlot;
            Net& n = nets[std::min(nextNetSlot, nets.size() - 1)];
            ++netFill[std::min(nextNetSlot, nets.size() - 1)];
            a.networkId = n.id;
            a.startDay = n.startDay;
            a.phase[0].dailyRate = n.perMember;
            a.phase[0].iatCv = n.iatCv;
            a.phase[1] = a.phase[0];
            a.templateVariants = n.variants;
            addIdentities(a, r, ids, 1, 1, 1, 0);
            // Most members own one address in the shared /24; some reuse a sibling's.
            if (!n.sharedIps.empty() && r.chance(world.hydraSiblingIpShare)) a.ips.push_back(r.pick(n.sharedIps));
            else {
                addIps(a, r, ids, n.subnet, 1);
                if (!a.ips.empty()) n.sharedIps.push_back(a.ips.back());
            }
            a.userAgents = {n.ua};
            break;
        }
        case Archetype::SharedOffice:
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 3)), static_cast<int>(r.range(2, 8)), 1, 0);
            addIps(a, r, ids, officeSubnet, static_cast<int>(r.range(1, 2)));
            a.userAgents = {officeUa};
            a.startDay = officeStartDay;
            a.startOffsetUs = officeStartUs;
            break;
        case Archetype::TutorApp:
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 2)), 1, 1, static_cast<int>(r.range(100, 800)));
            cloudIps(a, r, static_cast<int>(r.range(2, 5)));
            break;
        case Archetype::SlowAndLow:
        case Archetype::CapabilitySweeper:
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 2)), 1, 1, 0);
            addIps(a, r, ids, subnetOf(r, r.chance(0.5) ? kCloudFirstOctets : kHomeFirstOctets),
                   static_cast<int>(r.range(1, 3)));
            if (r.chance(0.6)) a.userAgents = {r.pick(kScriptUas)};
            break;
        case Archetype::Turncoat: {
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 3)), static_cast<int>(r.range(1, 2)), 1, 0);
            addIps(a, r, ids, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(1, 3)));
            a.phase[1] = drawBehaviour(Archetype::Extractor, behRng);
            a.phase[1].dailyRate *= r.uniform(world.turncoatRateLow, world.turncoatRateHigh);
            const int64_t onsetDay = days >= 4 ? r.range(std::max(1, days / 4), std::max(1, days - 2)) : days / 2;
            a.onsetUs = startUs + onsetDay * 86'400'000'000LL + r.range(0, 23) * 3'600'000'000LL +
                        r.range(0, 3599) * 1'000'000LL;
            break;
        }
        default:   // developer, eval customer, research lab
            addIdentities(a, r, ids, static_cast<int>(r.range(1, 2)), static_cast<int>(r.range(1, 3)),
                          static_cast<int>(r.range(1, 2)), 0);
            addIps(a, r, ids, subnetOf(r, kHomeFirstOctets), static_cast<int>(r.range(1, 3)));
            break;
        }
        if (a.templateVariants.empty())
            for (int v = 0; v < 3; ++v) a.templateVariants.push_back(r.hex(6));
        // A full /24 (shared blocks fill up in large populations) must not leave an actor without
        // an address: every event names one.
        if (a.ips.empty()) addIps(a, r, ids, subnetOf(r, kCloudFirstOctets), 1);
        if (a.malicious()) a.campaign = a.networkId.empty() ? "solo-" + a.accountId : a.networkId;
        pop.actors.push_back(std::move(a));
    }
    return pop;
}

} // namespace siphon::generate
