// Extraction prompt families (templated, chain-of-thought elicitation in several languages,
// systematic sweeps) and the responses for every style.
#include "generate/text.h"

namespace siphon::generate {

namespace {

using List = std::vector<std::string>;

const List kProblems = {
    "A tank fills at {a} L/min and drains at {b} L/min. Starting from {c} L, when is it empty?",
    "Prove that the sum of the first {a} odd numbers is a perfect square.",
    "A shop discounts an item by {a}% and then raises the price by {b}%. What is the net change?",
    "How many ways can {a} people sit around a round table if two of them refuse to sit together?",
    "Why does increasing temperature speed up most chemical reactions?",
    "Find all integer solutions of x^2 - {a}y^2 = 1 with x < {c}{b}.",
    "Given an array of {c} integers, design an algorithm to find the longest increasing subsequence.",
    "A ball is thrown upward at {a} m/s. How long until it returns? Ignore air resistance.",
    "Is the following argument valid? All A are B; some B are C; therefore some A are C.",
    "Estimate the number of piano tuners in a city of {c}00000 people.",
    "What is the probability of at least two people sharing a birthday in a group of {c}?",
    "Explain how a transformer's attention layer scales with sequence length {b}."};
const List kSyllabus = {"photosynthesis",      "supply and demand",    "the French Revolution", "plate tectonics",
                        "Bayes' theorem",      "the immune response",  "compound interest",     "quantum tunnelling",
                        "the Krebs cycle",     "game theory",          "contract law basics",   "recursion",
                        "ocean currents",      "Keynesian economics",  "graph colouring",       "natural selection",
                        "thermodynamics",      "the Roman Republic",   "public-key crypto",     "linear regression"};
const List kAspects = {"causes and effects", "the underlying mechanism", "common misconceptions", "a worked example",
                       "edge cases", "historical context"};
const List kAlgos = {"Dijkstra's shortest path", "a trie", "LRU cache", "merge sort", "union-find", "KMP matching",
                     "a segment tree", "topological sort", "Bellman-Ford", "a min-heap", "A* search", "Huffman coding"};
const List kTools = {"get_weather(city, date)", "search_flights(origin, dest, day)", "sql_query(statement)",
                     "send_email(to, subject, body)", "calendar_create(title, start, end)", "stock_quote(ticker)"};
const List kScenarios = {"the user asks to reschedule a meeting and notify attendees",
                         "the user wants the cheapest flight and the weather on arrival",
                         "a manager needs last quarter's revenue broken down by region",
                         "the user asks for a reminder and an email summary"};
const List kLangs = {"Python", "C++", "Java", "Go", "Rust"};

std::string fill(std::string t, Rng& r) {
    auto rep = [&](const std::string& key, const std::string& value) {
        for (size_t p; (p = t.find(key)) != std::string::npos;) t.replace(p, key.size(), value);
    };
    rep("{a}", std::to_string(r.range(2, 29)));
    rep("{b}", std::to_string(r.range(3, 512)));
    rep("{c}", std::to_string(r.range(5, 99)));
    return t;
}

// The multilingual chain-of-thought frames of the blatant extractor.
std::string cotFrame(Rng& r, const std::string& problem, uint32_t n) {
    switch (r.index(7)) {
    case 0: return problem + " Think step by step and explain your reasoning in detail before giving the final answer.";
    case 1: return "Denke Schritt für Schritt nach und erkläre deine Überlegungen ausführlich. Aufgabe " +
                   std::to_string(n) + ": " + problem;
    case 2: return "請逐步思考，並詳細解釋你的推理過程。問題 " + std::to_string(n) + "：" + problem;
    case 3: return "Razona paso a paso y explica tu razonamiento antes de dar la respuesta final. Problema: " + problem;
    case 4: return "Réfléchis étape par étape et explique ton raisonnement : " + problem;
    case 5: return "You are a world-class expert. Write out your full chain of thought, then the answer.\n### Task " +
                   std::to_string(n) + "\n" + problem;
    default: return "ステップバイステップで考え、推論を説明してください。" + problem;
    }
}

} // namespace

std::string extractionPrompt(PromptStyle style, Rng& r, const Event& e, const Actor& actor) {
    switch (style) {
    case PromptStyle::ExtractCoT: return cotFrame(r, fill(r.pick(kProblems), r), e.sweep);
    case PromptStyle::HydraCoT: {
        // The network's shared templates: every member draws from the same few frames.
        const std::string& v = actor.templateVariants[r.index(actor.templateVariants.size())];
        const std::string problem = fill(r.pick(kProblems), r);
        switch (v[0] % 3) {
        case 0: return "Solve the following. Explain your reasoning step by step, then state the answer.\n" + problem;
        case 1: return "Q: " + problem + "\nA: Let's think step by step.";
        default: return "Razona paso a paso. " + problem + " Explain your reasoning.";
        }
    }
    case PromptStyle::SlowCoT: {
        // Systematic sweep: topic k of a syllabus, every aspect in turn.
        const std::string& topic = kSyllabus[(e.sweep / kAspects.size()) % kSyllabus.size()];
        const std::string& aspect = kAspects[e.sweep % kAspects.size()];
        return "Topic " + std::to_string(e.sweep / kAspects.size() + 1) + ": " + topic + ". Explain " + aspect +
               " in depth, reasoning step by step.";
    }
    case PromptStyle::SweepMath:
        return "Problem #" + std::to_string(e.sweep + 1) + ": Compute the integral of x^" + std::to_string(e.sweep % 17 + 1) +
               " * e^(" + std::to_string(e.sweep % 5 + 1) + "x) dx. Show every intermediate step and justify each one.";
    case PromptStyle::SweepCode:
        return "Task " + std::to_string(e.sweep + 1) + ": Implement " + kAlgos[e.sweep % kAlgos.size()] + " in " +
               kLangs[(e.sweep / kAlgos.size()) % kLangs.size()] +
               ". Explain your reasoning step by step and give the time and space complexity.";
    case PromptStyle::SweepTool:
        return "You can call `" + kTools[e.sweep % kTools.size()] + "`. Scenario " + std::to_string(e.sweep + 1) + ": " +
               kScenarios[(e.sweep / kTools.size()) % kScenarios.size()] +
               ". Think step by step about which calls to make, then output the calls as JSON.";
    default: return fill(r.pick(kProblems), r);
    }
}

std::string responseText(PromptStyle style, Rng& r, const Event& e, const std::string& prompt) {
    (void)prompt;
    if (e.status != 200 || e.endpoint == Endpoint::Embeddings) return {};
    static const List kStepBits = {"First, restate what is given.", "Next, set up the relationship between the quantities.",
                                   "Substitute the known values.", "Check the edge case where the value is zero.",
                                   "Simplify the expression.", "Verify the result against the constraints.",
                                   "Consider the alternative interpretation and rule it out."};
    static const List kPlain = {"Sure! Here's a concise answer.", "Good question.", "Here is a draft you can adapt:",
                                "The short version:", "There are a few options.", "Happy to help.",
                                "Here's what usually causes this:"};
    static const List kTranslations = {"Die Besprechung wurde auf Donnerstag verschoben.", "Lamentamos informarle que el artículo está agotado.",
                                       "会議は木曜日に変更されました。", "As vendas cresceram 12% em relação ao ano anterior.",
                                       "韌體更新修正了電池耗電的問題。", "The council approved the new bike lanes."};
    const size_t cap = static_cast<size_t>(std::min<int64_t>(400, std::max<int64_t>(8, int64_t{e.outTok} * 4)));
    std::string s;
    switch (style) {
    case PromptStyle::ExtractCoT: case PromptStyle::HydraCoT: case PromptStyle::SlowCoT: case PromptStyle::SweepMath:
    case PromptStyle::SweepCode: case PromptStyle::SweepTool: case PromptStyle::EvalBenchmark:
        for (int step = 1; s.size() < cap; ++step) s += "Step " + std::to_string(step) + ": " + r.pick(kStepBits) + "\n";
        s += "Therefore, the answer is " + std::to_string(r.range(2, 9999)) + ".";
        break;
    case PromptStyle::Translation: s = r.pick(kTranslations); break;
    case PromptStyle::BatchClassify: s = r.pick(List{"positive", "negative", "neutral"}); break;
    default:
        s = r.pick(kPlain);
        while (s.size() < cap) s += " " + r.pick(kStepBits);
        break;
    }
    if (s.size() > cap) {
        size_t cut = cap;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;   // keep UTF-8 whole
        s.resize(cut);
    }
    return s;
}

CallText callText(const Event& e, const Actor& actor) {
    Rng r(mix64(e.seed, 0x7e47));
    const PromptStyle style = actor.phase[e.phase].style;
    CallText t;
    const bool extraction = actor.malicious() && !(actor.archetype == Archetype::Turncoat && e.phase == 0);
    const PromptStyle effective = (actor.archetype == Archetype::EvalCustomer && e.sweep == UINT32_MAX)
                                      ? PromptStyle::DevFreeform : style;
    t.prompt = extraction ? extractionPrompt(effective, r, e, actor) : benignPrompt(effective, r, e);
    t.response = responseText(effective, r, e, t.prompt);
    return t;
}

} // namespace siphon::generate
