#include "ingest/readers/generic_record.h"

#include "ingest/field_parse.h"

#include <cstdint>

namespace siphon::ingest {

void readGenericRecord(const FieldValues& values, const RawRecord& raw, RecordSink& sink) {
    auto get = [&](Field f) { return values[static_cast<size_t>(f)]; };
    auto text = [&](Field f) { return std::string(field::isNullText(get(f)) ? std::string_view() : field::trim(get(f))); };

    RequestRecord r;
    int64_t precision = 0;
    switch (field::parseTime(get(Field::Timestamp), r.tsStartUs, precision)) {
    case field::Parse::Absent: sink.onReject(raw, "missing timestamp"); return;
    case field::Parse::Bad:
        sink.onReject(raw, "unparseable timestamp '" + std::string(get(Field::Timestamp).substr(0, 64)) + "'");
        return;
    case field::Parse::Ok: break;
    }
    r.tsPrecisionUs = precision;
    int64_t end = 0, endPrecision = 0;
    switch (field::parseTime(get(Field::TimestampEnd), end, endPrecision)) {
    case field::Parse::Ok: r.tsEndUs = end; break;
    case field::Parse::Bad:
        sink.onReject(raw, "unparseable timestamp_end '" + std::string(get(Field::TimestampEnd).substr(0, 64)) + "'");
        return;
    case field::Parse::Absent: break;
    }

    struct IntField {
        Field f;
        std::optional<int64_t>* out;
    };
    const IntField ints[] = {{Field::InputTokens, &r.inputTokens},   {Field::OutputTokens, &r.outputTokens},
                             {Field::CachedTokens, &r.cachedReadTokens}, {Field::ReasoningTokens, &r.reasoningTokens},
                             {Field::Status, &r.statusCode}};
    for (const auto& [f, out] : ints) {
        int64_t v = 0;
        switch (field::parseInt(get(f), v)) {
        case field::Parse::Absent: break;
        case field::Parse::Ok:
            if (v < 0 && f != Field::Status) {
                sink.onReject(raw, "negative " + std::string(fieldName(f)) + " '" + std::string(get(f).substr(0, 32)) + "'");
                return;
            }
            *out = v;
            break;
        case field::Parse::Bad:
            if (f == Field::Status) {
                r.errorCode = text(Field::Status);   // "success"/"failure" style statuses
                break;
            }
            sink.onReject(raw, "non-numeric " + std::string(fieldName(f)) + " '" + std::string(get(f).substr(0, 32)) + "'");
            return;
        }
    }
    double d = 0;
    switch (field::parseDouble(get(Field::LatencyMs), d)) {
    case field::Parse::Ok: r.latencyMs = d; break;
    case field::Parse::Bad: sink.onReject(raw, "non-numeric latency_ms '" + std::string(get(Field::LatencyMs).substr(0, 32)) + "'"); return;
    case field::Parse::Absent: break;
    }
    switch (field::parseDouble(get(Field::CostUsd), d)) {
    case field::Parse::Ok: r.costUsd = d; break;
    case field::Parse::Bad: sink.onReject(raw, "non-numeric cost_usd '" + std::string(get(Field::CostUsd).substr(0, 32)) + "'"); return;
    case field::Parse::Absent: break;
    }
    r.orgId = text(Field::Account);
    r.projectId = text(Field::Project);
    r.apiKeyId = text(Field::ApiKey);
    r.apiKeyLabel = text(Field::ApiKeyLabel);
    r.principal = text(Field::User);
    r.endUserId = text(Field::EndUser);
    r.sourceIp = text(Field::SourceIp);
    r.userAgent = text(Field::UserAgent);
    r.region = text(Field::Region);
    r.provider = text(Field::Provider);
    r.model = text(Field::Model);
    r.endpoint = text(Field::Endpoint);
    r.requestId = text(Field::RequestId);
    r.recordKey = r.requestId;
    if (r.errorCode.empty()) r.errorCode = text(Field::Error);
    // CSV fields without doubled quotes are views into the row itself.
    auto content = [&](Field f, std::string& copy, std::string_view& inRecord) {
        const std::string_view v = field::isNullText(get(f)) ? std::string_view() : field::trim(get(f));
        const auto begin = reinterpret_cast<std::uintptr_t>(raw.bytes.data());
        const auto at = reinterpret_cast<std::uintptr_t>(v.data());
        if (!v.empty() && at >= begin && at + v.size() <= begin + raw.bytes.size()) inRecord = v;
        else copy.assign(v);
    };
    content(Field::Prompt, r.prompt, r.promptInRecord);
    content(Field::Response, r.response, r.responseInRecord);
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
