#pragma once
// Ed25519 signatures over a bundle's SHA256SUMS, via OpenSSL EVP (PEM keys as made by
// `openssl genpkey -algorithm ed25519`). The signature is the raw 64 bytes, so
// `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig` checks it.
#include "util/result.h"

#include <string>
#include <string_view>

namespace siphon::evidence {

// Usage error when the key is not an Ed25519 private key.
Result<std::string> signEd25519(const std::string& privateKeyPemPath, std::string_view message);

// Verify error when the signature does not match; Usage when the key is not an Ed25519 public key.
Status verifyEd25519(const std::string& publicKeyPemPath, std::string_view message, std::string_view signature);

// SHA-256 fingerprint (hex) of the DER SubjectPublicKeyInfo derived from a private or public key file.
Result<std::string> publicKeyFingerprint(const std::string& pemPath, bool isPrivate);

} // namespace siphon::evidence
