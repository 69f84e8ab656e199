// Prompt-shaped features: templates, reasoning elicitation, topical narrowness.
#include "analysis/features/features.h"
#include "analysis/utf8_text.h"

#include <algorithm>
#include <cstdio>

namespace siphon::analysis {

namespace {
constexpr int64_t kMinPrompts = 10;
}

FeatureValue featureTemplateRepetition(const EntityProfile& p) {
    FeatureValue f{"template_repetition", std::nullopt, {}};
    // A template is a near-duplicate group that recurs: at least 3 prompts and 2% of them.
    // Share of prompts in such groups (extraction rotates a handful of templates, so not only the top one).
    auto repeated = [](const std::vector<int64_t>& counts, int64_t total, int* groups) {
        const int64_t need = std::max<int64_t>(3, static_cast<int64_t>(0.02 * static_cast<double>(total)));
        int64_t in = 0;
        *groups = 0;
        for (int64_t c : counts)
            if (c >= need) {
                in += c;
                ++*groups;
            }
        return total > 0 ? static_cast<double>(in) / static_cast<double>(total) : 0.0;
    };
    double nearShare = 0, exactShare = 0;
    int nearGroups = 0, exactGroups = 0;
    if (p.promptRequests >= kMinPrompts) {
        std::vector<int64_t> counts;
        for (const auto& g : p.templates) counts.push_back(g.count);
        nearShare = repeated(counts, p.promptRequests, &nearGroups);
    }
    if (p.hashedRequests >= kMinPrompts) {
        std::vector<int64_t> counts;
        for (const auto& [h, c] : p.exactTemplates) counts.push_back(c);
        exactShare = repeated(counts, p.hashedRequests, &exactGroups);
    }
    if (p.promptRequests < kMinPrompts && p.hashedRequests < kMinPrompts) {
        f.sentence = "prompt templates not available (no prompt text)";
        return f;
    }
    const double v = std::min(1.0, std::max(nearShare, exactShare));
    f.value = v;
    if (nearShare >= exactShare)
        f.sentence = percent(v) + " of prompts share " + std::to_string(nearGroups) +
                     (nearGroups == 1 ? " template" : " templates");
    else
        f.sentence = percent(v) + " of prompts are " + std::to_string(exactGroups) +
                     " exact templates (after digit folding)";
    return f;
}

FeatureValue featureReasoningElicitation(const EntityProfile& p) {
    FeatureValue f{"reasoning_elicitation", std::nullopt, {}};
    if (p.promptRequests < kMinPrompts) {
        f.sentence = "reasoning elicitation not available (no prompt text)";
        return f;
    }
    const double s = static_cast<double>(p.reasoningRequests) / static_cast<double>(p.promptRequests);
    f.value = s;
    f.sentence = percent(s) + " of prompts ask for step-by-step reasoning";
    return f;
}

FeatureValue featureTopicalNarrowness(const EntityProfile& p) {
    FeatureValue f{"topical_narrowness", std::nullopt, {}};
    if (p.sampledPrompts < 8) {
        f.sentence = "topic breadth not available (too few prompts with text)";
        return f;
    }
    // Words in most sampled prompts are the template skeleton, not the topic.
    const int skeleton = std::max(2, static_cast<int>(0.6 * p.sampledPrompts));
    std::vector<std::pair<int, std::string>> words;
    int64_t total = 0;
    for (const auto& [w, c] : p.sampleWordCounts) {
        auto d = p.sampleWordDocs.find(w);
        if (d != p.sampleWordDocs.end() && d->second >= skeleton) continue;
        words.emplace_back(c, w);
        total += c;
    }
    if (total < 20) {
        f.value = 1.0;
        f.sentence = "prompts vary only in a few words (narrow)";
        return f;
    }
    std::sort(words.rbegin(), words.rend());
    int64_t top = 0;
    for (size_t i = 0; i < words.size() && i < 20; ++i) top += words[i].first;
    const double s = static_cast<double>(top) / static_cast<double>(total);
    f.value = s;
    std::string examples;
    for (size_t i = 0; i < words.size() && i < 3; ++i) {
        // Prompt words are hostile: valid UTF-8 only, cut on a character boundary.
        examples += (i ? ", '" : "'") + quotedText(words[i].second, 24) + "'";
    }
    f.sentence = "20 words cover " + percent(s) + " of the varying prompt text (e.g. " + examples + ")";
    return f;
}

} // namespace siphon::analysis
