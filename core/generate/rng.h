#pragma once
// Deterministic random numbers for the generator: xoshiro256** seeded through splitmix64, plus the
// few distributions it needs, implemented here so output is identical on every standard library.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace siphon::generate {

inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Stateless mix of two values (for ids derived from an event and a format).
inline uint64_t mix64(uint64_t a, uint64_t b) {
    uint64_t s = a ^ (b * 0xD6E8FEB86659FD93ULL);
    return splitmix64(s);
}

class Rng {
public:
    explicit Rng(uint64_t seed) {
        uint64_t s = seed;
        for (auto& w : s_) w = splitmix64(s);
    }
    // A child stream, independent of how much this one is used afterwards.
    Rng fork(uint64_t salt) const { return Rng(mix64(s_[0] ^ s_[2], salt)); }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }   // [0,1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Integer in [lo, hi] inclusive.
    int64_t range(int64_t lo, int64_t hi) {
        if (hi <= lo) return lo;
        const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
        return lo + static_cast<int64_t>(next() % span);
    }
    size_t index(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
    bool chance(double p) { return uniform() < p; }
    double normal() {
        // Box-Muller; one value per call keeps the stream simple.
        double u1 = uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
    double exponential(double mean) {
        double u = uniform();
        if (u < 1e-300) u = 1e-300;
        return -mean * std::log(u);
    }
    int64_t poisson(double mean) {
        if (mean <= 0) return 0;
        if (mean > 50) {
            const double v = mean + std::sqrt(mean) * normal();
            return v < 0 ? 0 : static_cast<int64_t>(v + 0.5);
        }
        const double l = std::exp(-mean);
        int64_t k = 0;
        double p = 1.0;
        do {
            ++k;
            p *= uniform();
        } while (p > l);
        return k - 1;
    }
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[index(v.size())];
    }
    // Index drawn with the given non-negative weights.
    size_t weighted(const std::vector<double>& w) {
        double total = 0;
        for (double x : w) total += x;
        double r = uniform() * total;
        for (size_t i = 0; i < w.size(); ++i) {
            if (r < w[i]) return i;
            r -= w[i];
        }
        return w.empty() ? 0 : w.size() - 1;
    }
    std::string hex(int digits) {
        static const char* k = "0123456789abcdef";
        std::string s;
        s.reserve(static_cast<size_t>(digits));
        for (int i = 0; i < digits; ++i) s.push_back(k[next() & 15]);
        return s;
    }
    std::string alnum(int n, bool upper = false) {
        static const char* lowerSet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        static const char* upperSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        std::string s;
        s.reserve(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) s.push_back(upper ? upperSet[next() % 32] : lowerSet[next() % 62]);
        return s;
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

} // namespace siphon::generate
