#include "evidence/signing.h"

#include "util/hash.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace siphon::evidence {

namespace {

struct PkeyDel {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxDel {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDel>;

Result<Pkey> loadKey(const std::string& path, bool isPrivate) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return makeError(ErrorCode::Io, "cannot open key file", path);
    EVP_PKEY* k = isPrivate ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr) : PEM_read_PUBKEY(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (!k) return makeError(ErrorCode::Usage, std::string("not a PEM ") + (isPrivate ? "private" : "public") + " key", path);
    Pkey key(k);
    if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519)
        return makeError(ErrorCode::Usage, "key is not Ed25519 (make one with: openssl genpkey -algorithm ed25519)", path);
    return key;
}

} // namespace

Result<std::string> signEd25519(const std::string& privateKeyPemPath, std::string_view message) {
    auto key = loadKey(privateKeyPemPath, true);
    if (!key) return key.error();
    std::unique_ptr<EVP_MD_CTX, MdCtxDel> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key->get()) != 1)
        return makeError(ErrorCode::Io, "OpenSSL: cannot start Ed25519 signing");
    size_t len = 0;
    const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, message.size()) != 1)
        return makeError(ErrorCode::Io, "OpenSSL: Ed25519 signing failed");
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, msg, message.size()) != 1)
        return makeError(ErrorCode::Io, "OpenSSL: Ed25519 signing failed");
    sig.resize(len);
    return sig;
}

Status verifyEd25519(const std::string& publicKeyPemPath, std::string_view message, std::string_view signature) {
    auto key = loadKey(publicKeyPemPath, false);
    if (!key) return key.error();
    std::unique_ptr<EVP_MD_CTX, MdCtxDel> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key->get()) != 1)
        return makeError(ErrorCode::Io, "OpenSSL: cannot start Ed25519 verification");
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                    reinterpret_cast<const unsigned char*>(message.data()), message.size());
    if (rc != 1) return makeError(ErrorCode::Verify, "signature does not match SHA256SUMS with this public key");
    return {};
}

Result<std::string> publicKeyFingerprint(const std::string& pemPath, bool isPrivate) {
    auto key = loadKey(pemPath, isPrivate);
    if (!key) return key.error();
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key->get(), &der);
    if (len <= 0) return makeError(ErrorCode::Io, "OpenSSL: cannot encode public key");
    std::string out = Sha256::hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(len)));
    OPENSSL_free(der);
    return out;
}

} // namespace siphon::evidence
