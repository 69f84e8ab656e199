#include "fuzz_common.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace siphon::fuzz {

namespace {

// One scratch folder per process: libFuzzer's -jobs/-workers run several processes at once.
struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        std::error_code ec;
        const std::filesystem::path base =
            std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm")
                                                           : std::filesystem::temp_directory_path();
        dir = base / ("siphon-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

Scratch& scratch() {
    static Scratch s;
    return s;
}

uint64_t mix(uint64_t h, std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
    return h;
}

} // namespace

std::string writeInput(const uint8_t* data, size_t size, const std::string& suffix) {
    const std::string path = (scratch().dir / ("input" + suffix)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) contractBreach("cannot write the scratch input " + path);
    return path;
}

void contractBreach(const std::string& what) {
    std::fprintf(stderr, "siphon fuzz: contract breach: %s\n", what.c_str());
    std::abort();
}

void CheckingSink::onRequest(ingest::RequestRecord&& r, const ingest::RawRecord& raw) {
    ++requests;
    checksum_ = mix(checksum_, raw.bytes);
    for (const std::string* s : {&r.recordKey, &r.provider, &r.orgId, &r.projectId, &r.apiKeyId, &r.principal,
                                 &r.sourceIp, &r.model, &r.endpoint, &r.requestId, &r.prompt, &r.response})
        checksum_ = mix(checksum_, *s);
}

void CheckingSink::onBucket(ingest::BucketRecord&& b, const ingest::RawRecord& raw) {
    ++buckets;
    checksum_ = mix(checksum_, raw.bytes);
    for (const std::string* s : {&b.orgId, &b.projectId, &b.userId, &b.apiKeyId, &b.model, &b.groupBy})
        checksum_ = mix(checksum_, *s);
}

void CheckingSink::onReject(const ingest::RawRecord& raw, std::string reason) {
    ++rejects;
    checksum_ = mix(checksum_, raw.bytes);
    if (reason.empty()) contractBreach("reject without a reason");
}

void CheckingSink::begin() {
    req0_ = requests;
    bkt0_ = buckets;
    rej0_ = rejects;
}

void CheckingSink::end(const char* readerId, bool carriesEvents) {
    const int64_t req = requests - req0_, bkt = buckets - bkt0_, rej = rejects - rej0_;
    const bool ok = carriesEvents ? req + rej + bkt >= 1 : (req + rej == 1 && bkt == 0) || (req + rej == 0 && bkt >= 1);
    if (!ok)
        contractBreach(std::string(readerId) + " emitted " + std::to_string(req) + " requests, " +
                       std::to_string(bkt) + " buckets, " + std::to_string(rej) + " rejects for one record");
}

} // namespace siphon::fuzz
