#pragma once
// Prompt fingerprints for near-duplicate ("template") detection. Text is normalised like the
// importer's prompt_hash (lower-case ASCII, digits folded to 0, whitespace collapsed), split
// into words, and word 3-shingles are sketched with one-permutation MinHash (64 bins: each
// shingle is hashed once, each bin keeps its minimum). Two sketches estimate the Jaccard
// similarity of the shingle sets. Pure functions, thread-safe, no allocation beyond the result.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::analysis {

constexpr int kSketchBins = 64;

struct MinHashSketch {
    std::array<uint32_t, kSketchBins> bins;   // UINT32_MAX = empty bin
    bool empty = true;
    MinHashSketch() { bins.fill(UINT32_MAX); }
};

// Lower-cased words with digits folded to '0'; punctuation splits words (UTF-8 bytes >= 0x80 are kept).
std::vector<std::string_view> splitWords(std::string_view lowered);
std::string normaliseText(std::string_view text, size_t maxBytes = 8192);

// Sketch of the word 3-shingles of normalised text (1-word shingles when the text is shorter).
MinHashSketch sketchText(std::string_view normalised);

// Estimated Jaccard similarity of the shingle sets: matching bins / bins used by either.
double sketchSimilarity(const MinHashSketch& a, const MinHashSketch& b);

// True when lowered text contains any of the phrases (already lower-case).
bool containsAnyPhrase(std::string_view lowered, const std::vector<std::string>& phrases);

} // namespace siphon::analysis
