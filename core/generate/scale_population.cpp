#include "generate/scale_population.h"

#include "generate/fmt.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace siphon::generate {

namespace {

constexpr int64_t kDayUs = 86'400'000'000LL;

uint64_t mix(uint64_t x) {   // splitmix64's finaliser: a counter in, 64 well-mixed bits out
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A bijection on 40-bit values: ids derived from distinct indexes never collide, and their order
// says nothing about the index.
uint64_t permute40(uint64_t v, uint64_t seed) {
    constexpr uint64_t kMask = (1ULL << 40) - 1;
    v = (v ^ (mix(seed) & kMask)) & kMask;
    v = (v * 0x5DEECE66DULL) & kMask;   // odd multiplier: invertible modulo 2^40
    v ^= v >> 17;                      // xorshift right: invertible
    return (v * 0x2545F491ULL) & kMask;
}

void appendHex(std::string& out, uint64_t v, int digits) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
    out += buf;
}

double unit(uint64_t h) { return double(h >> 11) * (1.0 / 9007199254740992.0); }

const char* const kUserAgents[] = {
    "OpenAI/Python 1.54.3", "OpenAI/NodeJS 4.73.0", "langchain-openai/0.2.9", "Mozilla/5.0 (Macintosh) Chrome/131.0",
    "OpenAI/Python 1.40.0", "axios/1.7.7",          "Go-http-client/2.0",     "curl/8.5.0",
    "LiteLLM/1.52.0",       "okhttp/4.12.0",        "OpenAI/Java 0.8.1",      "Cursor/0.45.11"};
const char* const kModels[] = {"gpt-4o", "gpt-4o-mini", "o3-mini", "gpt-4.1", "text-embedding-3-small"};
const char* const kNetworkUa = "python-httpx/0.27.2";
const char* const kNetworkModel = "gpt-4.1";

struct Row {
    int account = 0;
    int key = 0;
    int user = 0;
    int64_t ts = 0;
    uint64_t h = 0;   // the row's own bits for everything else
};

int firstNetworkAccount(const ScaleOptions& o) { return o.accounts - o.networkAccounts; }

// Benign accounts: skewed (a few heavy, a long tail). Network members: spread evenly, each light,
// together about their share of the accounts in traffic.
int pickAccount(const ScaleOptions& o, uint64_t h) {
    const double u = unit(h);
    const double networkShare = double(o.networkAccounts) / double(o.accounts);
    if (o.networkAccounts > 0 && u < networkShare)
        return firstNetworkAccount(o) + static_cast<int>(mix(h) % static_cast<uint64_t>(o.networkAccounts));
    const int benign = firstNetworkAccount(o);
    const double v = unit(mix(h ^ 0xA5));
    return std::min(benign - 1, static_cast<int>(std::pow(v, 1.6) * benign));
}

Row drawRow(const ScaleOptions& o, int day, int64_t i) {
    const int64_t n = narrowRowsOnDay(o, day);
    Row r;
    r.h = mix(o.seed * 0x100000001B3ULL ^ (static_cast<uint64_t>(day) << 40) ^ static_cast<uint64_t>(i));
    const int64_t slot = kDayUs / std::max<int64_t>(n, 1);
    r.ts = o.startUs + day * kDayUs + i * slot + static_cast<int64_t>(r.h % static_cast<uint64_t>(std::max<int64_t>(slot, 1)));
    r.account = pickAccount(o, r.h);
    r.key = static_cast<int>((r.h >> 20) % static_cast<uint64_t>(o.keysPerAccount));
    // Each account has one or two users from a shared pool (a company's staff, a reseller's users).
    const uint64_t ah = mix(o.seed ^ (static_cast<uint64_t>(r.account) << 8));
    r.user = static_cast<int>((ah + ((r.h >> 28) & 1)) % static_cast<uint64_t>(o.users));
    return r;
}

void appendIp(const ScaleOptions& o, const Row& r, std::string& out) {
    char buf[32];
    if (isNetworkAccount(o, r.account)) {
        // Residential proxies: one /16 shared by the whole network.
        const uint64_t p = mix(r.h ^ 0x77) % 4096;
        std::snprintf(buf, sizeof buf, "185.220.%u.%u", static_cast<unsigned>(p >> 8) + 100,
                      static_cast<unsigned>(p & 255));
    } else {
        // Each account uses a few addresses; together they cover about o.ips addresses.
        const int per = std::max(1, (o.ips + o.accounts - 1) / o.accounts + 1);
        const uint64_t idx = (static_cast<uint64_t>(r.account) * static_cast<uint64_t>(per) + (r.h >> 36) % per) %
                             static_cast<uint64_t>(o.ips);
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", static_cast<unsigned>(23 + (idx >> 16) % 200),
                      static_cast<unsigned>((idx >> 8) & 255), static_cast<unsigned>(idx & 255),
                      static_cast<unsigned>(2 + (idx * 7) % 250));
    }
    out += buf;
}

void appendUsage(const ScaleOptions& o, const Row& r, std::string& out) {
    const bool network = isNetworkAccount(o, r.account);
    const uint64_t ah = mix(o.seed + static_cast<uint64_t>(r.account) * 31);
    const char* ua = network ? kNetworkUa : kUserAgents[(ah + ((r.h >> 40) % 8 == 0 ? 1 : 0)) % 12];
    const int modelIdx = static_cast<int>((ah >> 8) % 4 + ((r.h >> 44) % 10 == 0 ? 1 : 0)) % 5;
    const char* model = network ? kNetworkModel : kModels[modelIdx];
    const bool embed = !network && modelIdx == 4;
    out += ua;
    out.push_back(',');
    out += model;
    out += embed ? ",/v1/embeddings," : ",/v1/chat/completions,";
    const uint64_t t = mix(r.h ^ 0x1234);
    const int64_t in = network ? 880 + static_cast<int64_t>(t % 41) : 20 + static_cast<int64_t>(t % 3000);
    const int64_t outTok = embed ? 0 : network ? 650 + static_cast<int64_t>((t >> 16) % 101)
                                               : 5 + static_cast<int64_t>((t >> 16) % 900);
    const int status = (t >> 32) % 1000 < 8 ? 429 : (t >> 32) % 1000 < 11 ? 500 : 200;
    fmt::appendInt(out, in);
    out.push_back(',');
    fmt::appendInt(out, status == 200 ? outTok : 0);
    out.push_back(',');
    fmt::appendInt(out, status == 200 ? 180 + outTok * 12 + static_cast<int64_t>((t >> 44) % 300) : 40);
    out.push_back(',');
    fmt::appendInt(out, status);
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

Status appendDays(const ScaleOptions& o, int firstDay, int dayCount, std::FILE* f, NarrowFile& file) {
    std::string buf;
    buf.reserve(1 << 20);
    for (int day = firstDay; day < firstDay + dayCount; ++day) {
        const int64_t n = narrowRowsOnDay(o, day);
        for (int64_t i = 0; i < n; ++i) {
            appendNarrowRow(o, day, i, buf);
            if (buf.size() >= (1u << 20)) {
                if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size())
                    return makeError(ErrorCode::Io, "cannot write", file.path);
                file.bytes += buf.size();
                buf.clear();
            }
        }
        file.rows += n;
    }
    if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) return makeError(ErrorCode::Io, "cannot write", file.path);
    file.bytes += buf.size();
    return {};
}

} // namespace

Status validate(const ScaleOptions& o) {
    if (o.requests <= 0 || o.accounts <= 0 || o.keysPerAccount <= 0 || o.users <= 0 || o.ips <= 0 || o.days <= 0)
        return makeError(ErrorCode::Usage, "requests, accounts, keys per account, users, IPs and days must be positive");
    if (o.networkAccounts < 0 || o.networkAccounts >= o.accounts)
        return makeError(ErrorCode::Usage, "the network must be smaller than the population");
    if (o.accounts > (1 << 30) / o.keysPerAccount) return makeError(ErrorCode::Usage, "too many accounts");
    return {};
}

std::string_view narrowHeader() {
    return "request_id,timestamp,account_id,project_id,api_key_id,user_id,source_ip,user_agent,model,endpoint,"
           "input_tokens,output_tokens,latency_ms,status\n";
}

int64_t narrowRowsOnDay(const ScaleOptions& o, int day) {
    const int64_t base = o.requests / o.days;
    return base + (day < o.days && day < o.requests % o.days ? 1 : 0);
}

bool isNetworkAccount(const ScaleOptions& o, int a) { return a >= firstNetworkAccount(o); }

std::string narrowAccountId(const ScaleOptions& o, int a) {
    std::string s = "org-";
    appendHex(s, permute40(static_cast<uint64_t>(a), o.seed), 10);
    return s;
}

void appendNarrowRow(const ScaleOptions& o, int day, int64_t i, std::string& out) {
    const Row r = drawRow(o, day, i);
    out += "req_";
    // Unique: a bijection of (day, i) for any day < 2^12 and i < 2^28 (268M rows a day).
    appendHex(out, permute40((static_cast<uint64_t>(day) << 28) | static_cast<uint64_t>(i), o.seed ^ 0xD1), 10);
    out.push_back(',');
    fmt::appendTime(out, r.ts, 3);
    out.push_back(',');
    out += narrowAccountId(o, r.account);
    out += ",proj-";
    appendHex(out, permute40(static_cast<uint64_t>(r.account), o.seed ^ 0x9E), 10);
    out += ",key_";
    appendHex(out, permute40(static_cast<uint64_t>(r.account) * o.keysPerAccount + r.key, o.seed ^ 0x4B), 10);
    out += ",user-";
    fmt::appendInt(out, r.user);
    out.push_back(',');
    appendIp(o, r, out);
    out.push_back(',');
    appendUsage(o, r, out);
    out.push_back('\n');
}

Result<NarrowFile> writeNarrowFile(const ScaleOptions& o, int firstDay, int dayCount, const std::string& path) {
    if (Status s = validate(o); !s) return s.error();
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "wb"));
    if (!f) return makeError(ErrorCode::Io, "cannot create", path);
    NarrowFile file{path, 0, 0};
    const std::string_view header = narrowHeader();
    if (std::fwrite(header.data(), 1, header.size(), f.get()) != header.size())
        return makeError(ErrorCode::Io, "cannot write", path);
    file.bytes = header.size();
    if (Status s = appendDays(o, firstDay, dayCount, f.get(), file); !s) return s.error();
    if (std::fclose(f.release()) != 0) return makeError(ErrorCode::Io, "cannot write", path);
    return file;
}

Result<std::vector<NarrowFile>> writeNarrowDays(const ScaleOptions& o, int firstDay, int dayCount,
                                                const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot create " + dir + ": " + ec.message());
    std::vector<NarrowFile> files;
    for (int day = firstDay; day < firstDay + dayCount; ++day) {
        char name[32];
        std::snprintf(name, sizeof name, "/day-%04d.csv", day);
        auto f = writeNarrowFile(o, day, 1, dir + name);
        if (!f) return f.error();
        files.push_back(*f);
    }
    return files;
}

} // namespace siphon::generate
