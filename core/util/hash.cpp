#include "util/hash.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace siphon {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : d_(std::make_unique<Impl>()) {
    d_->ctx = EVP_MD_CTX_new();
    if (!d_->ctx || EVP_DigestInit_ex(d_->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 unavailable");
}

Sha256::~Sha256() { EVP_MD_CTX_free(d_->ctx); }

void Sha256::update(const void* data, size_t size) { EVP_DigestUpdate(d_->ctx, data, size); }

std::array<unsigned char, 32> Sha256::finish() {
    std::array<unsigned char, 32> out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(d_->ctx, out.data(), &len);
    EVP_DigestInit_ex(d_->ctx, EVP_sha256(), nullptr);
    return out;
}

std::string Sha256::finishHex() {
    const auto digest = finish();
    return toHex(digest.data(), digest.size());
}

std::string Sha256::hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.finishHex();
}

std::string toHex(const unsigned char* data, size_t size) {
    static const char* digits = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xF];
    }
    return out;
}

int64_t fastHash64(std::string_view data, uint64_t seed) {
    const XXH64_hash_t h = XXH3_64bits_withSeed(data.data(), data.size(), seed);
    int64_t out;
    std::memcpy(&out, &h, sizeof out);
    return out;
}

std::string sha256File(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    Sha256 h;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = in.gcount();
        if (n > 0) h.update(buf.data(), static_cast<size_t>(n));
    }
    if (in.bad()) return {};
    return h.finishHex();
}

} // namespace siphon
