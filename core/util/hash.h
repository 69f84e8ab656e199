#pragma once
// Hashes: SHA-256 (evidence grade, via OpenSSL) and XXH3-64 (fast dedup keys, not evidence).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace siphon {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    std::array<unsigned char, 32> finish();
    std::string finishHex();

    static std::string hex(std::string_view data);

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

std::string toHex(const unsigned char* data, size_t size);

// Stable 64-bit hash (XXH3) as a signed value so it fits an SQLite INTEGER.
int64_t fastHash64(std::string_view data, uint64_t seed = 0);

// SHA-256 of a whole file, streamed. Empty string on I/O error.
std::string sha256File(const std::string& path);

} // namespace siphon
