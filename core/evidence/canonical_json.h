#pragma once
// Canonical JSON for hashing: object keys sorted (by UTF-16 code unit, Qt's order), no
// whitespace, UTF-8. Integers within ±2^53 print without a fraction. canonicalJson(parse(x)) is
// idempotent, so a payload read back from a bundle re-hashes to the same bytes.
#include "util/result.h"

#include <QJsonObject>

#include <string>
#include <string_view>

namespace siphon::evidence {

std::string canonicalJson(const QJsonObject& object);

// Parses text as a JSON object and returns its canonical form; Format error if not an object.
Result<std::string> canonicalizeJson(std::string_view text);

} // namespace siphon::evidence
