#include "evidence/redaction.h"

#include "util/hash.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace siphon::evidence {

namespace {

std::string fromHex(std::string_view hex) {
    std::string out;
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return 0;
    };
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(nib(hex[i]) * 16 + nib(hex[i + 1]));
    return out;
}

} // namespace

Result<Redactor> Redactor::open(store::Database& db) {
    Redactor r;
    auto st = db.prepare("SELECT value FROM case_secret WHERE name = 'redaction_salt'");
    if (!st) return st.error();
    if (st->step() == store::StepResult::Row) {
        r.salt_ = std::string(st->columnView(0));
        return r;
    }
    r.salt_.resize(32);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(r.salt_.data()), 32) != 1)
        return makeError(ErrorCode::Io, "OpenSSL: no randomness for the redaction salt");
    auto ins = db.prepare("INSERT INTO case_secret (name, value) VALUES ('redaction_salt', ?)");
    if (!ins) return ins.error();
    ins->bindBlob(1, r.salt_);
    if (Status s = ins->run(); !s) return s.error();
    return r;
}

std::string Redactor::itemKeyHex(int64_t requestRowId, std::string_view field) const {
    const std::string msg = std::to_string(requestRowId) + ":" + std::string(field);
    unsigned char out[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), salt_.data(), static_cast<int>(salt_.size()), reinterpret_cast<const unsigned char*>(msg.data()),
         msg.size(), out, &len);
    return toHex(out, len);
}

std::string Redactor::commit(int64_t requestRowId, std::string_view field, std::string_view text) const {
    return commitWithKey(itemKeyHex(requestRowId, field), text);
}

std::string Redactor::commitWithKey(std::string_view itemKeyHex, std::string_view text) {
    Sha256 h;
    h.update(fromHex(itemKeyHex));
    h.update(text);
    return "sha256:" + h.finishHex();
}

} // namespace siphon::evidence
