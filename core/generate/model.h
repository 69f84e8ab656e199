#pragma once
// The simulated world: actors (accounts with their archetype, identities and behaviour) and
// the compact per-call events the simulation produces. Internal to core/generate.
#include <cstdint>
#include <string>
#include <vector>

namespace siphon::generate {

enum class Archetype {
    // benign
    Developer, ChatApp, Enterprise, NightlyBatch, EvalCustomer, CodingAssistant, TranslationService, ResearchLab,
    SharedOffice,   // separate teams behind one corporate NAT /24 with a stock SDK, created the same day
    TutorApp,       // homework help: most prompts ask for step-by-step reasoning, nothing else extraction-like
    // malicious
    Extractor, Hydra, SlowAndLow, CapabilitySweeper, Turncoat,
};
const char* archetypeName(Archetype a);
bool isMalicious(Archetype a);

// How a phase of an actor's traffic is timed.
enum class Timing { Sessions, Diurnal, Flat, Nightly, Burst, RoundRobin };

// What the prompts of a phase look like (families in text.cpp).
enum class PromptStyle {
    DevFreeform, ChatUser, EnterpriseMix, BatchSummarize, BatchClassify, EvalBenchmark, Coding, Translation,
    SyntheticData, ExtractCoT, SlowCoT, SweepMath, SweepCode, SweepTool, HydraCoT, Tutoring,
};

enum class Endpoint : uint8_t { Chat = 0, Responses = 1, Completions = 2, Embeddings = 3 };

struct Behaviour {
    Timing timing = Timing::Sessions;
    PromptStyle style = PromptStyle::DevFreeform;
    double dailyRate = 30;      // mean calls per active day (before weekday/day jitter)
    double weekendFactor = 0.3;
    double dayJitter = 0.25;    // lognormal sigma of the per-day volume
    double peakHour = 14;       // local time of the diurnal peak
    double spreadH = 3;         // width of the diurnal peak
    double iatCv = 0.1;         // Flat/RoundRobin: inter-arrival coefficient of variation
    double sessionLen = 6;      // Sessions: mean calls per session
    double thinkSec = 60;       // Sessions: mean gap between calls in a session
    double inMedian = 600, inSigma = 0.8;
    double outMedian = 350, outSigma = 0.7;
    double cacheFrac = 0.1;     // share of input tokens served from cache (mean)
    double rate429 = 0.002, rate5xx = 0.002, rate4xx = 0.002;
    std::vector<double> modelWeights = {0.5, 0.3, 0.1, 0.1};
    std::vector<double> endpointWeights = {0.9, 0.05, 0.02, 0.03};
    bool businessHoursOnly = false;   // Flat timing limited to 08-19 local
};

struct KeyIds {
    std::string generic;     // key_… (generic, OpenAI usage)
    std::string aws;         // AKIA…/ASIA… access key id
    std::string litellm;     // sha256 hex of the virtual key
    std::string anthropic;   // apikey_01…
    int project = 0;
};
struct PrincipalIds {
    std::string generic;     // user-…
    std::string arn;         // IAM user or assumed-role session
    std::string azureObjectId;   // empty with key auth
    std::string litellm;     // u-…
};
struct ProjectIds {
    std::string generic;     // proj_…
    std::string anthropic;   // wrkspc_…
    std::string litellm;     // team-…
};

struct Actor {
    int index = 0;
    Archetype archetype = Archetype::Developer;
    std::string networkId;          // coordinated network, else empty
    std::string campaign;           // malicious: the operation it belongs to (its network, or its own)
    int64_t onsetUs = -1;           // turncoat: when it turned malicious
    int startDay = 0, endDay = 1 << 30;   // active days [startDay, endDay)
    int64_t startOffsetUs = 0;      // no traffic before this time of day on startDay (account opened then)
    int tzOffsetH = 0;
    Behaviour phase[2];             // [1] used from onsetUs on (turncoat)

    std::string accountId;          // 12 digits: generic, AWS, LiteLLM organization_id
    std::string slug;
    std::string azureSubscription, azureResourceGroup, azureAccount;
    bool azureAad = false;
    std::vector<KeyIds> keys;
    std::vector<PrincipalIds> principals;
    std::vector<std::string> endUsers;   // chat apps: their customers (generic user_id, LiteLLM end_user)
    std::vector<ProjectIds> projects;
    std::vector<std::string> ips;
    std::vector<std::string> userAgents;
    std::vector<std::string> templateVariants;   // hydra: shared per network; others: own

    bool malicious() const { return isMalicious(archetype); }
};

struct Event {
    int64_t tsUs = 0;
    uint64_t seed = 0;          // drives text and ids
    uint64_t seq = 0;           // global order, unique
    uint32_t actor = 0;
    uint32_t sweep = 0;         // per-actor counter for systematic sweeps
    uint16_t key = 0, principal = 0, endUser = 0, ip = 0;
    uint8_t ua = 0, model = 0, phase = 0;
    Endpoint endpoint = Endpoint::Chat;
    int32_t inTok = 0, outTok = 0, cached = 0, latencyMs = 0;
    int16_t status = 200;
};

// Logical models and their names per provider family.
struct ModelNames {
    const char* openai;
    const char* anthropic;
    const char* bedrock;
    const char* litellmGroup;
    double msPerToken;
    double usdPerMIn, usdPerMOut;
};
const std::vector<ModelNames>& models();

} // namespace siphon::generate
