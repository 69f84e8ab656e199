#include "analysis/text_sketch.h"

#include "util/hash.h"

#include <algorithm>

namespace siphon::analysis {

std::string normaliseText(std::string_view text, size_t maxBytes) {
    std::string out;
    out.reserve(std::min(text.size(), maxBytes));
    bool space = false;
    for (size_t i = 0; i < text.size() && out.size() < maxBytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        if (c >= '0' && c <= '9') out.push_back('0');
        else if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        else out.push_back(static_cast<char>(c));
    }
    return out;
}

std::vector<std::string_view> splitWords(std::string_view s) {
    std::vector<std::string_view> words;
    size_t i = 0;
    auto isWordByte = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '_';
    };
    while (i < s.size()) {
        while (i < s.size() && !isWordByte(static_cast<unsigned char>(s[i]))) ++i;
        const size_t start = i;
        while (i < s.size() && isWordByte(static_cast<unsigned char>(s[i]))) ++i;
        if (i > start) words.push_back(s.substr(start, i - start));
    }
    return words;
}

MinHashSketch sketchText(std::string_view normalised) {
    MinHashSketch sk;
    const auto words = splitWords(normalised);
    if (words.empty()) return sk;
    auto add = [&](uint64_t h) {
        // Bin from the top bits, value from a remix of the rest, so bin and rank are independent.
        const auto bin = static_cast<size_t>(h >> 58);
        const auto v = static_cast<uint32_t>((h * 0x9E3779B97F4A7C15ULL) >> 32);
        sk.bins[bin] = std::min(sk.bins[bin], v);
    };
    const size_t n = 3;
    if (words.size() < n) {
        for (auto w : words) add(static_cast<uint64_t>(fastHash64(w, 17)));
    } else {
        for (size_t i = 0; i + n <= words.size(); ++i) {
            uint64_t h = 0;
            for (size_t j = 0; j < n; ++j) h = h * 0x100000001B3ULL ^ static_cast<uint64_t>(fastHash64(words[i + j], 17));
            add(h ^ (h >> 29));
        }
    }
    sk.empty = false;
    return sk;
}

double sketchSimilarity(const MinHashSketch& a, const MinHashSketch& b) {
    if (a.empty || b.empty) return 0.0;
    int used = 0, match = 0;
    for (int i = 0; i < kSketchBins; ++i) {
        const bool ea = a.bins[i] == UINT32_MAX, eb = b.bins[i] == UINT32_MAX;
        if (ea && eb) continue;
        ++used;
        if (a.bins[i] == b.bins[i]) ++match;
    }
    return used ? static_cast<double>(match) / used : 0.0;
}

bool containsAnyPhrase(std::string_view lowered, const std::vector<std::string>& phrases) {
    for (const auto& p : phrases)
        if (!p.empty() && lowered.find(p) != std::string_view::npos) return true;
    return false;
}

} // namespace siphon::analysis
