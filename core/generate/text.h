#pragma once
// Prompt and response text for a simulated call: template families with slot fillers, chosen by
// the call's prompt style and drawn from the call's own seed (so every format shows the same text).
// Responses are plausible but capped at ~400 characters whatever the output token count.
#include "generate/model.h"
#include "generate/rng.h"

#include <string>

namespace siphon::generate {

struct CallText {
    std::string prompt;
    std::string response;
};

CallText callText(const Event& e, const Actor& actor);

// Internal: per-family builders (text_benign.cpp, text_extract.cpp).
std::string benignPrompt(PromptStyle style, Rng& r, const Event& e);
std::string extractionPrompt(PromptStyle style, Rng& r, const Event& e, const Actor& actor);
std::string responseText(PromptStyle style, Rng& r, const Event& e, const std::string& prompt);

} // namespace siphon::generate
