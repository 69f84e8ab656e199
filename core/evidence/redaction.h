#pragma once
// Redaction by commitment: prompt/response text (and the raw record that contains it) is replaced
// in a bundle by a salted SHA-256 commitment, so the content can be withheld now and proven later.
//
// The case keeps one 32-byte random salt (case_secret 'redaction_salt'); it never enters a bundle.
// Each item gets its own key, so revealing one item proves it without exposing the others:
//   item_key   = HMAC-SHA256(case_salt, "<request_row_id>:<field>")      (field: prompt|response|raw)
//   commitment = "sha256:" + hex(SHA-256(item_key || text))
// To prove an item later, disclose item_key (hex) and the text; anyone recomputes the commitment.
#include "store/database.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace siphon::evidence {

class Redactor {
public:
    // Loads the case salt, creating it (random, via OpenSSL) when absent. db must be writable then.
    static Result<Redactor> open(store::Database& db);

    std::string itemKeyHex(int64_t requestRowId, std::string_view field) const;
    std::string commit(int64_t requestRowId, std::string_view field, std::string_view text) const;

    // Recomputes a commitment from a disclosed item key (hex) and text.
    static std::string commitWithKey(std::string_view itemKeyHex, std::string_view text);

private:
    std::string salt_;
};

} // namespace siphon::evidence
