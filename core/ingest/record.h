#pragma once
// Normalised records produced by the format readers. Empty strings mean "absent" and are
// stored as NULL; optionals are NULL when unset. Units: microseconds UTC, tokens, USD, bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace siphon::ingest {

// Where a record's bytes are: offset and line (1-based) in the decompressed input stream.
struct RawRecord {
    std::string_view bytes;
    int64_t offset = 0;
    int64_t line = 1;
};

struct RequestRecord {
    std::string recordKey;          // natural id (request id / event id); empty → content hash is used
    int64_t tsStartUs = 0;
    std::optional<int64_t> tsEndUs;
    int64_t tsPrecisionUs = 1'000'000;
    std::optional<double> latencyMs;
    std::string provider;           // openai | azure_openai | bedrock | anthropic | litellm | ...
    std::string orgId;              // level 'account'
    std::string projectId;          // level 'project'
    std::string apiKeyId;           // level 'key'
    std::string apiKeyLabel;
    std::string principal;          // level 'user'
    std::string endUserId;
    std::string sourceIp;           // level 'ip'
    bool sourceIpMasked = false;
    std::string userAgent;
    std::string region;
    std::string model;
    std::string modelRequested;
    std::string endpoint;
    std::string requestId;
    std::string correlationId;
    std::optional<int64_t> inputTokens;   // total, including cache reads and writes
    std::optional<int64_t> outputTokens;
    std::optional<int64_t> cachedReadTokens;
    std::optional<int64_t> cacheWriteTokens;
    std::optional<int64_t> reasoningTokens;
    std::optional<int64_t> requestBytes;
    std::optional<int64_t> responseBytes;
    std::optional<int64_t> statusCode;
    std::string errorCode;
    std::optional<bool> isStream;
    std::optional<double> costUsd;
    std::string prompt;             // flattened user/system text, if the format has it
    std::string response;           // flattened response text, if the format has it
    // Instead of prompt / response: the text as a view into RawRecord::bytes, when the reader took
    // it verbatim from there. Stored as a slice of the record: no copy, no search.
    std::string_view promptInRecord;
    std::string_view responseInRecord;
    // For a record that holds several (a CloudWatch envelope's log events): the wrapped format whose
    // ids recordKey uses, and the bytes that are this record's content. Empty: the file's format and
    // the whole raw record.
    std::string_view keyFormat;
    std::string_view contentBytes;
};

// One aggregated row (usage report bucket x group-by tuple). Never turned into requests.
struct BucketRecord {
    int64_t startUs = 0;
    int64_t endUs = 0;
    std::string requestedWidth;     // '1m' | '1h' | '1d' when known
    std::string groupBy;            // sorted CSV of grouped dimensions ('' = none)
    std::string orgId;
    std::string projectId;
    std::string userId;
    std::string apiKeyId;
    std::string model;
    std::string serviceTier;
    std::optional<bool> batch;
    std::string contextWindow;
    std::string lineItem;
    std::optional<int64_t> numRequests;
    std::optional<int64_t> inputTokens;   // total including cache
    std::optional<int64_t> outputTokens;
    std::optional<int64_t> cachedReadTokens;
    std::optional<int64_t> cacheWriteTokens;
    std::optional<double> costUsd;
    bool isEmpty = false;           // the bucket had results: [] — zero usage, kept as a fact
};

// Calls fn(level, entity) for each entity level a request names (account, project, key, user, ip).
template <typename Fn>
void forEachEntity(const RequestRecord& r, Fn&& fn) {
    const std::string* entities[] = {&r.orgId, &r.projectId, &r.apiKeyId, &r.principal, &r.sourceIp};
    for (int level = 0; level < 5; ++level)
        if (!entities[level]->empty()) fn(level, *entities[level]);
}

// Receives what a reader makes of each record. Every input record must end in exactly one of
// onRequest / onBucket (possibly several buckets for one record) / onReject, except a record that
// carries several log events (FormatReader::carriesEvents): one outcome per event, at least one.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void onRequest(RequestRecord&& record, const RawRecord& raw) = 0;
    virtual void onBucket(BucketRecord&& bucket, const RawRecord& raw) = 0;
    virtual void onReject(const RawRecord& raw, std::string reason) = 0;
};

} // namespace siphon::ingest
