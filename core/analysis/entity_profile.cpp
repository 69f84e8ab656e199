#include "analysis/entity_profile.h"

#include "util/saturating.h"

#include <algorithm>

namespace siphon::analysis {

namespace {
constexpr double kMergeJoin = 0.15;
constexpr size_t kMaxMergedTemplates = 96;
}

EntityProfile mergeProfiles(const std::vector<const EntityProfile*>& parts, const std::string& name) {
    EntityProfile m;
    m.entity = name;
    bool first = true;
    std::map<int64_t, uint32_t> minutes;
    for (const EntityProfile* p : parts) {
        if (!p) continue;
        if (first) {
            m.granularity = p->granularity;
            m.firstUs = p->firstUs;
            m.lastUs = p->lastUs;
            m.datasetStartUs = p->datasetStartUs;
            m.datasetEndUs = p->datasetEndUs;
            m.haveHourly = p->haveHourly;
            m.haveGaps = p->haveGaps;
            m.haveMinutes = p->haveMinutes;
            m.haveDaily = p->haveDaily;
            first = false;
        }
        addSaturating(m.requests, p->requests);
        m.requestsKnown = m.requestsKnown && p->requestsKnown;
        addSaturating(m.inputTokens, p->inputTokens);
        addSaturating(m.outputTokens, p->outputTokens);
        addSaturating(m.cachedReadTokens, p->cachedReadTokens);
        addSaturating(m.cacheInputTokens, p->cacheInputTokens);
        m.requestBytes += p->requestBytes;
        m.responseBytes += p->responseBytes;
        m.sizedRequests += p->sizedRequests;
        m.haveCache = m.haveCache || p->haveCache;
        m.firstUs = std::min(m.firstUs, p->firstUs);
        m.lastUs = std::max(m.lastUs, p->lastUs);
        for (size_t i = 0; i < m.hourOfWeek.size(); ++i) m.hourOfWeek[i] += p->hourOfWeek[i];
        m.haveHourly = m.haveHourly && p->haveHourly;
        for (const auto& [d, mask] : p->dayHours) m.dayHours[d] |= mask;
        for (const auto& [d, v] : p->dayVolume) m.dayVolume[d] += v;
        m.haveDaily = m.haveDaily && p->haveDaily;
        // Pooled inter-arrival statistics (Chan et al. parallel variance).
        if (p->gapCount > 0) {
            const double n1 = static_cast<double>(m.gapCount), n2 = static_cast<double>(p->gapCount);
            const double delta = p->gapMean - m.gapMean;
            m.gapMean = (n1 * m.gapMean + n2 * p->gapMean) / (n1 + n2);
            m.gapM2 += p->gapM2 + delta * delta * n1 * n2 / (n1 + n2);
            m.gapCount += p->gapCount;
        }
        m.haveGaps = m.haveGaps && p->haveGaps;
        for (const auto& [mi, c] : p->minuteSeries) minutes[mi] += c;
        m.haveMinutes = m.haveMinutes && p->haveMinutes;
        m.rateLimited += p->rateLimited;
        m.haveStatus = m.haveStatus || p->haveStatus;
        m.promptRequests += p->promptRequests;
        m.reasoningRequests += p->reasoningRequests;
        m.templateOverflow += p->templateOverflow;
        for (const auto& g : p->templates) {
            auto it = std::find_if(m.templates.begin(), m.templates.end(),
                                   [&](const TemplateGroup& t) { return sketchSimilarity(t.sketch, g.sketch) >= kMergeJoin; });
            if (it != m.templates.end()) it->count += g.count;
            else if (m.templates.size() < kMaxMergedTemplates) m.templates.push_back(g);
            else m.templateOverflow += g.count;
        }
        for (const auto& [h, c] : p->exactTemplates) m.exactTemplates[h] += c;
        m.hashedRequests += p->hashedRequests;
        // The topic sample is compacted per entity; a merged one would look falsely narrow, so
        // topical narrowness is left "not available" for clusters (sampledPrompts stays 0).
        addSaturating(m.batchRequests, p->batchRequests);
        m.haveEndpoint = m.haveEndpoint || p->haveEndpoint;
        addSaturating(m.earlyOutputTokens, p->earlyOutputTokens);
        for (const auto& [ip, c] : p->ips) m.ips[ip] += c;
        for (const auto& [ua, c] : p->userAgents) m.userAgents[ua] += c;
    }
    for (const auto& [mi, c] : minutes) {
        m.minuteCounts.push_back(c);
        if (m.minuteSeries.size() < 720) m.minuteSeries.emplace_back(mi, c);
    }
    return m;
}

} // namespace siphon::analysis

namespace siphon::analysis {

void compactProfile(EntityProfile& p) {
    p.minuteCounts.clear();
    p.minuteCounts.shrink_to_fit();
    std::vector<std::pair<int, std::string>> words;
    for (const auto& [w, c] : p.sampleWordCounts) words.emplace_back(c, w);
    std::sort(words.rbegin(), words.rend());
    std::map<std::string, int> keepCounts;
    const int skeleton = static_cast<int>(0.6 * p.sampledPrompts);
    for (size_t i = 0; i < words.size(); ++i) {
        const auto d = p.sampleWordDocs.find(words[i].second);
        const bool isSkeleton = d != p.sampleWordDocs.end() && d->second >= skeleton;
        if (i < 40 || isSkeleton) keepCounts.emplace(words[i].second, words[i].first);
    }
    std::map<std::string, int> keepDocs;
    for (const auto& [w, c] : keepCounts) keepDocs.emplace(w, p.sampleWordDocs[w]);
    p.sampleWordCounts.swap(keepCounts);
    p.sampleWordDocs.swap(keepDocs);
    std::sort(p.templates.begin(), p.templates.end(), [](const TemplateGroup& a, const TemplateGroup& b) { return a.count > b.count; });
    size_t keep = 0;
    while (keep < p.templates.size() && keep < 8 && p.templates[keep].count >= 2) ++keep;
    for (size_t i = keep; i < p.templates.size(); ++i) p.templateOverflow += p.templates[i].count;
    p.templates.resize(keep);
    p.templates.shrink_to_fit();
    if (p.exactTemplates.size() > 8) {
        std::vector<std::pair<int64_t, int64_t>> ex;
        for (const auto& [h, c] : p.exactTemplates) ex.emplace_back(c, h);
        std::sort(ex.rbegin(), ex.rend());
        std::map<int64_t, int64_t> top;
        for (size_t i = 0; i < 8; ++i) top.emplace(ex[i].second, ex[i].first);
        p.exactTemplates.swap(top);
    }
}

} // namespace siphon::analysis
