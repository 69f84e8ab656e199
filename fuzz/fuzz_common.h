#pragma once
// Shared pieces of the libFuzzer harnesses: a per-process scratch file that holds the current
// input (the readers and the verifier take paths), and a RecordSink that checks the readers'
// contract — every record ends in exactly one request or reject, or in one or more buckets.
// A contract breach aborts, so libFuzzer keeps the input as a crash.
#include "ingest/record.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace siphon::fuzz {

// Writes data to <scratch dir>/input<suffix>, replacing the previous input; returns the path.
// The scratch dir (under /dev/shm when present) is removed at exit.
std::string writeInput(const uint8_t* data, size_t size, const std::string& suffix);

// Aborts with a message on stderr (for contract breaches; sanitizers catch the rest).
[[noreturn]] void contractBreach(const std::string& what);

class CheckingSink final : public ingest::RecordSink {
public:
    void onRequest(ingest::RequestRecord&& record, const ingest::RawRecord& raw) override;
    void onBucket(ingest::BucketRecord&& bucket, const ingest::RawRecord& raw) override;
    void onReject(const ingest::RawRecord& raw, std::string reason) override;

    // Brackets one reader call for one record; end() aborts unless exactly one outcome was
    // emitted (several buckets count as one), or, for a reader whose records carry several log
    // events (FormatReader::carriesEvents), at least one.
    void begin();
    void end(const char* readerId, bool carriesEvents = false);

    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;

private:
    int64_t req0_ = 0, bkt0_ = 0, rej0_ = 0;
    uint64_t checksum_ = 0;   // touches every emitted byte so ASan sees bad views
};

} // namespace siphon::fuzz
