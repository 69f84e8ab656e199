// Benign prompt families: varied, topical, free-form for people; templated (but legitimately so)
// for batch jobs, evaluation runs, translation services and disclosed synthetic-data research.
#include "generate/text.h"

#include <array>

namespace siphon::generate {

namespace {

using List = std::vector<std::string>;

const List kTech = {"PostgreSQL", "Kubernetes", "React", "Rust", "pandas", "Terraform", "Kafka", "Django", "Swift",
                    "the AWS SDK", "Redis", "GraphQL", "Spark", "Flutter", "nginx", "Qt", "SQLite", "TypeScript",
                    "FastAPI", "Airflow", "dbt", "Elasticsearch", "gRPC", "Unity"};
const List kConcept = {"connection pooling", "retries with backoff", "memory leaks", "async cancellation",
                       "schema migrations", "rate limiting", "caching", "pagination", "timezones", "unicode handling",
                       "dependency injection", "row-level security", "backpressure", "idempotency keys",
                       "feature flags", "structured logging"};
const List kLang = {"Python", "Go", "TypeScript", "Java", "C++", "Rust", "Kotlin", "Ruby", "C#", "bash"};
const List kAction = {"parses a CSV file with quoted fields", "merges two sorted lists", "validates an email address",
                      "retries an HTTP call", "deduplicates records by key", "formats a date as ISO 8601",
                      "computes a moving average", "reads a config file", "chunks a list into batches",
                      "walks a directory tree", "converts camelCase to snake_case", "debounces a callback"};
const List kPerson = {"my manager", "a customer", "the landlord", "our vendor", "the hiring committee", "a colleague",
                      "the school", "our investors"};
const List kTopic = {"the Q3 roadmap", "a delayed shipment", "the offsite agenda", "a refund request",
                     "the new onboarding flow", "budget cuts", "a security incident", "the product launch",
                     "contract renewal", "a missed deadline"};
const List kOpeners = {"", "", "", "Hey, ", "Quick question: ", "Can you help me? ", "Hi! ", "ok so ", "Please ",
                       "I need help: ", "Question - "};
const List kItems = {"running shoes", "a laptop for video editing", "a winter jacket", "noise-cancelling headphones",
                     "a coffee grinder", "a standing desk", "a gift for a 10-year-old", "a budget phone"};
const List kChatAsks = {"How do I reset my password?", "What is your return policy for {item}?",
                        "Can you recommend {item}?", "Write a birthday message for my {rel}.",
                        "What's a quick vegetarian dinner I can make with {food}?",
                        "Help me plan a 3-day trip to {city}.", "My order hasn't arrived, what should I do?",
                        "Explain {concept} like I'm five.", "Is it \"affect\" or \"effect\" in this sentence: {sentence}",
                        "Summarize this article for me:\n{sentence}\n{sentence}",
                        "Can you rewrite this to sound more polite, please: \"{sentence}\""};
const List kRel = {"sister", "dad", "best friend", "coworker", "grandmother", "son"};
const List kFood = {"chickpeas and spinach", "leftover rice", "eggs and feta", "sweet potatoes", "lentils", "tofu"};
const List kCity = {"Lisbon", "Kyoto", "Chicago", "Edinburgh", "Mexico City", "Seoul", "Cape Town", "Vienna"};
const List kSentence = {"The meeting was moved to Thursday, which affects everyone on the team.",
                        "We regret to inform you that the item is out of stock.",
                        "Sales grew 12% year over year, driven by the new subscription tier.",
                        "The council approved the new bike lanes after a long debate.",
                        "Please find attached the invoice for last month's services.",
                        "Researchers found that sleep quality improves with regular exercise.",
                        "The firmware update fixes a bug that drained the battery overnight."};
const List kTicketBits = {"Customer reports the app crashes on login since the last update.",
                          "Billing charged twice for the annual plan; requests a refund.",
                          "User cannot export reports to PDF, gets a blank page.",
                          "Shipping address was changed but the parcel went to the old one.",
                          "Asks whether the API supports webhooks for order updates.",
                          "Complains about slow response times in the EU region during peak hours.",
                          "Password reset emails land in spam.", "Wants to downgrade from Pro to Basic mid-cycle.",
                          "The mobile widget shows yesterday's data.", "Requests an invoice with the company VAT id."};
const List kReviews = {"Arrived quickly and works exactly as described.", "Stopped working after two weeks, very disappointed.",
                       "It's fine. Nothing special.", "Battery life is amazing, but the strap feels cheap.",
                       "Customer service never answered my emails.", "Best purchase I've made this year!",
                       "Instructions were confusing, took an hour to set up."};
const List kSuites = {"mmlu-pro", "gsm8k", "arc-challenge", "internal-reasoning-v3", "humaneval-plus", "bbh"};
const List kEvalQ = {"A train leaves at {a}:00 and travels {b} km at {c} km/h. When does it arrive?",
                     "Which of the following best explains why ice floats? (A) ... (B) ... (C) ... (D) ...",
                     "If {a} workers build a wall in {b} days, how long do {c} workers take?",
                     "What is the derivative of x^{a} * sin(x)?",
                     "Which organelle is responsible for ATP synthesis? (A) ribosome (B) mitochondrion (C) nucleus",
                     "Evaluate: ({a} + {b}) * {c} - {a}"};
const List kLangPairs = {"English to German", "English to Spanish", "English to Japanese", "French to English",
                         "English to Traditional Chinese", "German to English", "English to Portuguese (Brazil)"};
const List kSynthKinds = {"customer-support dialogues", "SQL question/answer pairs", "product descriptions",
                          "medical-intake forms (fictional)", "unit-test cases", "math word problems"};
const List kCodeLines = {"def load(path):", "    with open(path) as f:", "        return json.load(f)",
                         "for (int i = 0; i <= n; ++i) {", "    total += values[i];", "}",
                         "const res = await fetch(url);", "if err != nil { return err }", "SELECT * FROM orders WHERE",
                         "    status = 'open' AND created_at > now() - interval '7 days'",
                         "let mut buf = String::new();", "items.sort(key=lambda x: x[\"score\"], reverse=True)"};
const List kCodeAsks = {"Fix the off-by-one error.", "Add type hints and a docstring.", "Write unit tests for this.",
                        "Why does this throw \"index out of range\"?", "Refactor this to be more readable.",
                        "Explain what this does, line by line.", "Make this async.", "Complete the function."};

std::string fill(std::string t, Rng& r) {
    auto rep = [&](const std::string& key, const std::string& value) {
        for (size_t p; (p = t.find(key)) != std::string::npos;) t.replace(p, key.size(), value);
    };
    rep("{item}", r.pick(kItems));
    rep("{rel}", r.pick(kRel));
    rep("{food}", r.pick(kFood));
    rep("{city}", r.pick(kCity));
    rep("{concept}", r.pick(kConcept));
    rep("{sentence}", r.pick(kSentence));
    rep("{a}", std::to_string(r.range(2, 19)));
    rep("{b}", std::to_string(r.range(3, 480)));
    rep("{c}", std::to_string(r.range(4, 120)));
    return t;
}

std::string devPrompt(Rng& r) {
    std::string p = r.pick(kOpeners);
    switch (r.index(7)) {
    case 0: p += "explain how " + r.pick(kTech) + " handles " + r.pick(kConcept) + "?"; break;
    case 1: p += "write a " + r.pick(kLang) + " function that " + r.pick(kAction) + "."; break;
    case 2: p += "why does my " + r.pick(kTech) + " setup keep failing with " + r.pick(kConcept) + " errors"; break;
    case 3: p += "compare " + r.pick(kTech) + " and " + r.pick(kTech) + " for " + r.pick(kConcept) + ", pros/cons"; break;
    case 4: p += "draft a short email to " + r.pick(kPerson) + " about " + r.pick(kTopic) + "."; break;
    case 5: p += "what's the idiomatic way in " + r.pick(kLang) + " to do " + r.pick(kConcept) + "?"; break;
    default: p += "review this:\n" + r.pick(kCodeLines) + "\n" + r.pick(kCodeLines) + "\n" + r.pick(kCodeAsks); break;
    }
    if (r.chance(0.25)) p += " Keep it short, \"no fluff\".";
    if (r.chance(0.15)) p += "\nContext: we're on " + r.pick(kTech) + ", team of " + std::to_string(r.range(2, 40)) + ".";
    return p;
}

} // namespace

std::string benignPrompt(PromptStyle style, Rng& r, const Event& e) {
    switch (style) {
    case PromptStyle::DevFreeform: return devPrompt(r);
    case PromptStyle::ChatUser: return fill(r.pick(kChatAsks), r);
    case PromptStyle::EnterpriseMix:
        switch (r.index(5)) {
        case 0: return devPrompt(r);
        case 1: return fill(r.pick(kChatAsks), r);
        case 2: return "Extract the action items from these meeting notes:\n- " + r.pick(kTicketBits) + "\n- " +
                       r.pick(kSentence) + "\n- " + r.pick(kTopic) + " follow-up";
        case 3: return "Write a SQL query that returns " + r.pick(kConcept) + " metrics per region for " + r.pick(kTopic) + ".";
        default: return "Summarize the policy document section on " + r.pick(kConcept) + " for a non-technical audience.";
        }
    case PromptStyle::BatchSummarize:
        return "Summarize the following support ticket in at most two sentences.\nTicket #" +
               std::to_string(100000 + e.sweep) + ":\n" + r.pick(kTicketBits) + " " + r.pick(kTicketBits);
    case PromptStyle::BatchClassify:
        return "Classify the sentiment of the review as positive, negative or neutral. Answer with one word.\nReview: " +
               r.pick(kReviews);
    case PromptStyle::EvalBenchmark:
        return "[" + kSuites[e.seed % kSuites.size()] + " #" + std::to_string(e.sweep + 1) + "] " + fill(r.pick(kEvalQ), r) +
               "\nLet's think step by step, then give the final answer on the last line.";
    case PromptStyle::Coding: {
        std::string p = "```" + r.pick(kLang) + "\n";
        for (int i = 0, n = static_cast<int>(r.range(2, 6)); i < n; ++i) p += r.pick(kCodeLines) + "\n";
        return p + "```\n" + r.pick(kCodeAsks);
    }
    case PromptStyle::Translation:
        return "Translate the following text from " + r.pick(kLangPairs) + ". Keep the formatting.\n\n" +
               r.pick(kSentence) + (r.chance(0.5) ? " " + r.pick(kSentence) : "");
    case PromptStyle::Tutoring: {
        // A student's own question (any subject), usually with a request to see the working.
        static const List kSubjects = {"my chemistry homework", "this geometry problem", "question 4 of my worksheet",
                                       "the essay prompt about {concept}", "a word problem", "my physics lab report",
                                       "this history source", "the proof in chapter {a}"};
        static const List kAsks = {"Can you explain it step by step?", "Please show your work so I can follow.",
                                   "Walk me through it, I have a test tomorrow.", "Explain your reasoning, not just the answer.",
                                   "I don't get it, can you go step-by-step?"};
        static const List kVerbs = {"balance", "simplify", "interpret", "graph", "derive", "compare", "estimate",
                                    "factor", "summarize", "calculate", "prove", "classify"};
        static const List kThings = {"the redox equation", "a quadratic with complex roots", "the poem's second stanza",
                                     "the velocity-time curve", "the causes of the war of {a}", "a limit at infinity",
                                     "the supply curve shift", "the cell membrane diagram", "a probability tree",
                                     "the vector cross product", "a sonnet's rhyme scheme", "an exothermic reaction",
                                     "the Pythagorean identity", "compound interest over {a} years", "a Punnett square"};
        static const List kWhen = {"when the numbers are negative", "without a calculator", "for my {a} o'clock class",
                                   "if the teacher wants units", "using the method from class", "in under {c} words",
                                   "when two answers seem right", "from the table in my textbook"};
        std::string q = "I'm stuck on " + fill(r.pick(kSubjects), r) + ". How do I " + r.pick(kVerbs) + " " +
                        fill(r.pick(kThings), r) + " " + fill(r.pick(kWhen), r) + "?";
        if (r.chance(0.3)) q += " " + fill(r.pick(kEvalQ), r);
        return r.chance(0.75) ? q + " " + r.pick(kAsks) : q;
    }
    case PromptStyle::SyntheticData:
        return "Generate " + std::to_string(r.range(3, 12)) + " diverse " + r.pick(kSynthKinds) + " about " +
               r.pick(kTopic) + ", as JSON lines with fields id, text, label. (Research dataset, disclosed under our "
               "data agreement.)";
    default: return devPrompt(r);
    }
}

} // namespace siphon::generate
