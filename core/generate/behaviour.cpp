// Behaviour parameters per archetype. Every number is a range drawn per actor, so the detector
// cannot key on constants, and benign hard negatives deliberately share single signals with the
// malicious archetypes (templates, chain-of-thought, volume, night activity, output-heavy).
#include "generate/population.h"

namespace siphon::generate {

const char* archetypeName(Archetype a) {
    switch (a) {
    case Archetype::Developer: return "developer";
    case Archetype::ChatApp: return "chat_app";
    case Archetype::Enterprise: return "enterprise";
    case Archetype::NightlyBatch: return "nightly_batch";
    case Archetype::EvalCustomer: return "eval_customer";
    case Archetype::CodingAssistant: return "coding_assistant";
    case Archetype::TranslationService: return "translation_service";
    case Archetype::ResearchLab: return "research_lab";
    case Archetype::SharedOffice: return "shared_office";
    case Archetype::TutorApp: return "tutor_app";
    case Archetype::Extractor: return "extractor";
    case Archetype::Hydra: return "hydra";
    case Archetype::SlowAndLow: return "slow_and_low";
    case Archetype::CapabilitySweeper: return "capability_sweeper";
    case Archetype::Turncoat: return "turncoat";
    }
    return "?";
}

bool isMalicious(Archetype a) {
    switch (a) {
    case Archetype::Extractor:
    case Archetype::Hydra:
    case Archetype::SlowAndLow:
    case Archetype::CapabilitySweeper:
    case Archetype::Turncoat: return true;
    default: return false;
    }
}

const std::vector<ModelNames>& models() {
    static const std::vector<ModelNames> m = {
        {"gpt-4o-2024-08-06", "claude-sonnet-4-20250514", "us.anthropic.claude-sonnet-4-20250514-v1:0", "sonnet", 14, 3, 15},
        {"gpt-4o-mini-2024-07-18", "claude-3-5-haiku-20241022", "anthropic.claude-3-5-haiku-20241022-v1:0", "haiku", 6,
         0.8, 4},
        {"o3-2025-04-16", "claude-opus-4-20250514", "us.anthropic.claude-opus-4-20250514-v1:0", "opus", 22, 15, 75},
        {"gpt-4.1-2025-04-14", "claude-3-7-sonnet-20250219", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
         "sonnet-3-7", 12, 3, 15},
    };
    return m;
}

namespace {

// One function per archetype, each drawing its parameters in a fixed order: the draws feed one
// stream, so reordering them would change every population generated after.
void drawDeveloper(Behaviour& b, Rng& r) {
    b.timing = Timing::Sessions;
    b.style = PromptStyle::DevFreeform;
    b.dailyRate = r.lognormal(22, 0.5);
    b.weekendFactor = r.uniform(0.05, 0.4);
    b.dayJitter = r.uniform(0.3, 0.6);
    b.sessionLen = r.uniform(3, 10);
    b.thinkSec = r.uniform(30, 180);
    b.inMedian = r.uniform(250, 1200);
    b.outMedian = b.inMedian * r.uniform(0.4, 1.2);
    b.cacheFrac = r.uniform(0.0, 0.2);
    b.modelWeights = {r.uniform(0.3, 0.6), r.uniform(0.2, 0.5), r.uniform(0.0, 0.2), r.uniform(0.0, 0.3)};
}

void drawChatApp(Behaviour& b, Rng& r) {
    b.timing = Timing::Diurnal;
    b.style = PromptStyle::ChatUser;
    b.dailyRate = r.lognormal(90, 0.5);
    b.weekendFactor = r.uniform(0.6, 1.2);
    b.dayJitter = r.uniform(0.1, 0.25);
    b.spreadH = r.uniform(3.5, 6);
    b.inMedian = r.uniform(300, 1500);   // chat history grows the input
    b.outMedian = r.uniform(150, 450);
    b.cacheFrac = r.uniform(0.2, 0.5);
    b.modelWeights = {r.uniform(0.1, 0.4), r.uniform(0.5, 0.9), 0.0, r.uniform(0.0, 0.2)};
}

void drawEnterprise(Behaviour& b, Rng& r) {
    b.timing = Timing::Diurnal;
    b.style = PromptStyle::EnterpriseMix;
    b.dailyRate = r.lognormal(22, 0.4) * r.uniform(8, 50);
    b.weekendFactor = r.uniform(0.1, 0.35);
    b.dayJitter = r.uniform(0.08, 0.2);
    b.spreadH = r.uniform(3, 5);
    b.inMedian = r.uniform(500, 2500);
    b.outMedian = r.uniform(200, 700);
    b.cacheFrac = r.uniform(0.1, 0.4);
    b.modelWeights = {r.uniform(0.3, 0.6), r.uniform(0.2, 0.5), r.uniform(0.05, 0.2), r.uniform(0.1, 0.3)};
    b.endpointWeights = {0.75, 0.1, 0.02, r.uniform(0.05, 0.2)};
}

void drawNightlyBatch(Behaviour& b, Rng& r) {
    b.timing = Timing::Nightly;
    b.style = r.chance(0.5) ? PromptStyle::BatchSummarize : PromptStyle::BatchClassify;
    b.dailyRate = r.lognormal(180, 0.5);
    b.weekendFactor = r.uniform(0.9, 1.0);
    b.dayJitter = r.uniform(0.03, 0.12);
    b.peakHour = r.uniform(0.5, 3.5);
    b.iatCv = r.uniform(0.2, 0.5);
    b.inMedian = r.uniform(1800, 7000);
    b.inSigma = 0.5;
    b.outMedian = r.uniform(40, 300);
    b.outSigma = 0.4;
    b.cacheFrac = r.uniform(0.5, 0.85);
    b.modelWeights = {r.uniform(0.0, 0.3), r.uniform(0.6, 1.0), 0.0, r.uniform(0.0, 0.2)};
    b.endpointWeights = {0.95, 0.0, 0.05, 0.0};
}

void drawEvalCustomer(Behaviour& b, Rng& r) {
    b.timing = Timing::Burst;
    b.style = PromptStyle::EvalBenchmark;
    b.dailyRate = r.lognormal(900, 0.5);   // during a burst day
    b.weekendFactor = 0.2;
    b.iatCv = r.uniform(0.1, 0.4);
    b.inMedian = r.uniform(250, 900);
    b.inSigma = 0.4;
    b.outMedian = r.uniform(500, 1800);   // chain-of-thought answers
    b.outSigma = 0.5;
    b.cacheFrac = r.uniform(0.05, 0.3);   // few-shot prefix
    b.modelWeights = {r.uniform(0.2, 0.5), r.uniform(0.0, 0.3), r.uniform(0.2, 0.6), r.uniform(0.1, 0.3)};
}

void drawCodingAssistant(Behaviour& b, Rng& r) {
    b.timing = Timing::Sessions;
    b.style = PromptStyle::Coding;
    b.dailyRate = r.lognormal(90, 0.5);
    b.weekendFactor = r.uniform(0.05, 0.3);
    b.dayJitter = r.uniform(0.15, 0.35);
    b.sessionLen = r.uniform(10, 30);
    b.thinkSec = r.uniform(8, 45);
    b.inMedian = r.uniform(2500, 9000);   // repository context
    b.inSigma = 0.6;
    b.outMedian = r.uniform(120, 500);
    b.cacheFrac = r.uniform(0.4, 0.75);
    b.modelWeights = {r.uniform(0.4, 0.8), r.uniform(0.0, 0.3), r.uniform(0.0, 0.2), r.uniform(0.1, 0.4)};
}

void drawTranslationService(Behaviour& b, Rng& r) {
    b.timing = Timing::Diurnal;
    b.style = PromptStyle::Translation;
    b.dailyRate = r.lognormal(260, 0.4);
    b.weekendFactor = r.uniform(0.4, 0.9);
    b.dayJitter = r.uniform(0.1, 0.2);
    b.spreadH = r.uniform(4, 7);
    b.inMedian = r.uniform(200, 900);
    b.outMedian = b.inMedian * r.uniform(0.9, 1.4);
    b.outSigma = 0.5;
    b.cacheFrac = r.uniform(0.1, 0.35);
    b.modelWeights = {r.uniform(0.2, 0.5), r.uniform(0.4, 0.8), 0.0, r.uniform(0.0, 0.2)};
}

void drawResearchLab(Behaviour& b, Rng& r) {
    b.timing = Timing::Sessions;
    b.style = PromptStyle::SyntheticData;
    b.dailyRate = r.lognormal(90, 0.4);
    b.weekendFactor = r.uniform(0.0, 0.2);
    b.sessionLen = r.uniform(20, 60);
    b.thinkSec = r.uniform(3, 15);
    b.inMedian = r.uniform(200, 600);
    b.outMedian = r.uniform(800, 2200);   // output-heavy, like extraction, but small and disclosed
    b.cacheFrac = r.uniform(0.1, 0.4);
    b.modelWeights = {r.uniform(0.3, 0.6), r.uniform(0.0, 0.2), r.uniform(0.1, 0.4), r.uniform(0.0, 0.2)};
}

// A regional homework app: only its prompts' wording looks like extraction.
void drawTutorApp(Behaviour& b, Rng& r) {
    b.timing = Timing::Diurnal;
    b.style = PromptStyle::Tutoring;
    b.dailyRate = r.lognormal(120, 0.5);
    b.weekendFactor = r.uniform(0.3, 0.8);   // school nights are busier than weekends
    b.dayJitter = r.uniform(0.15, 0.3);
    b.peakHour = r.uniform(15, 20);   // after school
    b.spreadH = r.uniform(2, 3.5);
    b.inMedian = r.uniform(150, 500);
    b.outMedian = b.inMedian * r.uniform(0.8, 1.8);   // an explanation, about as long as the question and context
    b.outSigma = 0.5;
    b.cacheFrac = r.uniform(0.05, 0.3);
    b.modelWeights = {r.uniform(0.2, 0.5), r.uniform(0.3, 0.7), 0.0, r.uniform(0.0, 0.2)};
}

void drawExtractor(Behaviour& b, Rng& r) {
    b.timing = Timing::Flat;
    b.style = PromptStyle::ExtractCoT;
    b.dailyRate = r.uniform(0.93, 0.98) * r.uniform(0.9, 2.0) * 1440;   // just under an N rpm limit
    b.weekendFactor = 1.0;
    b.dayJitter = r.uniform(0.01, 0.05);
    b.iatCv = r.uniform(0.05, 0.3);
    b.inMedian = r.uniform(120, 450);
    b.inSigma = 0.35;
    b.outMedian = r.uniform(1400, 3800);
    b.outSigma = 0.35;
    b.cacheFrac = r.uniform(0.0, 0.04);
    b.rate429 = r.uniform(0.005, 0.03);
    b.modelWeights = {r.uniform(0.2, 0.5), 0.0, r.uniform(0.4, 0.8), r.uniform(0.0, 0.2)};
    b.endpointWeights = {0.8, 0.2, 0.0, 0.0};
}

// Per member; the network's pacing is set in population.cpp.
void drawHydra(Behaviour& b, Rng& r) {
    b.timing = Timing::RoundRobin;
    b.style = PromptStyle::HydraCoT;
    b.dailyRate = r.uniform(80, 260);
    b.weekendFactor = 1.0;
    b.dayJitter = 0.05;
    b.iatCv = r.uniform(0.1, 0.35);
    b.inMedian = r.uniform(150, 500);
    b.inSigma = 0.4;
    b.outMedian = r.uniform(1000, 3000);
    b.outSigma = 0.4;
    b.cacheFrac = r.uniform(0.0, 0.05);
    b.modelWeights = {r.uniform(0.3, 0.6), 0.0, r.uniform(0.3, 0.7), 0.0};
    b.endpointWeights = {1.0, 0.0, 0.0, 0.0};
}

void drawSlowAndLow(Behaviour& b, Rng& r) {
    b.timing = Timing::Flat;
    b.style = PromptStyle::SlowCoT;
    b.dailyRate = r.uniform(50, 180);
    b.weekendFactor = 1.0;
    b.dayJitter = r.uniform(0.02, 0.1);
    b.iatCv = r.uniform(0.1, 0.3);
    b.businessHoursOnly = r.chance(0.4);
    b.inMedian = r.uniform(150, 700);
    b.inSigma = 0.4;
    b.outMedian = r.uniform(700, 2000);
    b.outSigma = 0.4;
    b.cacheFrac = r.uniform(0.0, 0.08);
    b.modelWeights = {r.uniform(0.3, 0.7), 0.0, r.uniform(0.2, 0.6), r.uniform(0.0, 0.2)};
}

void drawCapabilitySweeper(Behaviour& b, Rng& r) {
    const bool flat = r.chance(0.5);
    b.timing = flat ? Timing::Flat : Timing::Diurnal;
    const double pick = r.uniform();
    b.style = pick < 0.4 ? PromptStyle::SweepMath : pick < 0.75 ? PromptStyle::SweepCode : PromptStyle::SweepTool;
    b.dailyRate = r.uniform(250, 900);
    b.weekendFactor = flat ? 1.0 : r.uniform(0.5, 1.0);
    b.dayJitter = r.uniform(0.03, 0.15);
    b.iatCv = r.uniform(0.15, 0.5);
    b.inMedian = r.uniform(150, 600);
    b.inSigma = 0.4;
    b.outMedian = r.uniform(900, 2500);
    b.outSigma = 0.4;
    b.cacheFrac = r.uniform(0.0, 0.1);
    b.rate429 = r.uniform(0.002, 0.01);
    b.modelWeights = {r.uniform(0.2, 0.5), 0.0, r.uniform(0.4, 0.8), r.uniform(0.0, 0.2)};
}

} // namespace

Behaviour drawBehaviour(Archetype a, Rng& r) {
    Behaviour b;
    b.peakHour = r.uniform(10, 16);
    b.spreadH = r.uniform(2.0, 4.0);
    switch (a) {
    case Archetype::Developer: drawDeveloper(b, r); break;
    case Archetype::ChatApp: drawChatApp(b, r); break;
    case Archetype::Enterprise: drawEnterprise(b, r); break;
    case Archetype::NightlyBatch: drawNightlyBatch(b, r); break;
    case Archetype::EvalCustomer: drawEvalCustomer(b, r); break;
    case Archetype::CodingAssistant: drawCodingAssistant(b, r); break;
    case Archetype::TranslationService: drawTranslationService(b, r); break;
    case Archetype::ResearchLab: drawResearchLab(b, r); break;
    case Archetype::SharedOffice:   // a team of people at work; their office and start day are shared (population.cpp)
        b = drawBehaviour(Archetype::Developer, r);
        b.dailyRate *= r.uniform(1.5, 4.0);
        break;
    case Archetype::TutorApp: drawTutorApp(b, r); break;
    case Archetype::Extractor: drawExtractor(b, r); break;
    case Archetype::Hydra: drawHydra(b, r); break;
    case Archetype::SlowAndLow: drawSlowAndLow(b, r); break;
    case Archetype::CapabilitySweeper: drawCapabilitySweeper(b, r); break;
    case Archetype::Turncoat:   // phase 0 here; phase 1 is an extractor drawn in population.cpp
        b = drawBehaviour(Archetype::Developer, r);
        break;
    }
    return b;
}

} // namespace siphon::generate
