#pragma once
// Text from the logs (prompts, user agents) quoted in reasons: prompts are adversary-written and
// may hold any bytes. These helpers make such text safe to store and export: valid UTF-8 only
// (an invalid byte becomes U+FFFD), control characters shown as '?', and cuts on code-point
// boundaries that do not split a character from the combining marks, variation selectors or
// joiners that follow it. Pure functions, thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace siphon::analysis {

// text as valid UTF-8 (invalid bytes -> U+FFFD, C0/DEL controls -> '?'), at most maxBytes bytes,
// followed by "..." when something was cut.
std::string quotedText(std::string_view text, size_t maxBytes);

// text as valid UTF-8 without cutting (invalid bytes -> U+FFFD; controls kept except NUL).
std::string validUtf8(std::string_view text);

} // namespace siphon::analysis
