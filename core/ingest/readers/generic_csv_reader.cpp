#include "ingest/readers/generic_csv_reader.h"

#include "ingest/field_parse.h"

#include <algorithm>

namespace siphon::ingest {

bool GenericCsvReader::matches(const std::vector<std::string>& header) const {
    return ColumnMapping::guess(header).usable();
}

Status GenericCsvReader::begin(const std::vector<std::string>& header, const ImportSettings& settings) {
    ColumnMapping mapping = ColumnMapping::guess(header);
    if (!settings.mappingPath.empty()) {
        auto loaded = ColumnMapping::load(settings.mappingPath);
        if (!loaded) return loaded.error();
        mapping.overrideWith(*loaded);
    }
    col_.fill(-1);
    for (size_t f = 0; f < kFieldCount; ++f) {
        const std::string& name = mapping.source[f];
        if (name.empty()) continue;
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
            return makeError(ErrorCode::Format, "mapped column '" + name + "' for " +
                                                    std::string(fieldName(static_cast<Field>(f))) + " is not in the header");
        col_[f] = static_cast<int>(it - header.begin());
    }
    if (col_[static_cast<size_t>(Field::Timestamp)] < 0)
        return makeError(ErrorCode::Format, "no timestamp column (name one with --mapping)");
    return {};
}

void GenericCsvReader::read(const std::vector<std::string_view>& fields, const RawRecord& raw, RecordSink& sink) {
    auto get = [&](Field f) -> std::string_view {
        const int c = col_[static_cast<size_t>(f)];
        return c < 0 ? std::string_view() : fields[static_cast<size_t>(c)];
    };
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
    if (field::parseTime(get(Field::TimestampEnd), end, endPrecision) == field::Parse::Ok) r.tsEndUs = end;

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
    case field::Parse::Bad: sink.onReject(raw, "non-numeric latency_ms"); return;
    case field::Parse::Absent: break;
    }
    switch (field::parseDouble(get(Field::CostUsd), d)) {
    case field::Parse::Ok: r.costUsd = d; break;
    case field::Parse::Bad: sink.onReject(raw, "non-numeric cost_usd"); return;
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
    r.prompt = text(Field::Prompt);
    r.response = text(Field::Response);
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
