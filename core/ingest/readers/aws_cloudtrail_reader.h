#pragma once
// AWS CloudTrail events (formats.md §3b), bare or inside {"Records": [...]} / EventBridge
// "detail" (the framer unwraps both). Only Bedrock runtime calls (eventSource
// bedrock.amazonaws.com or bedrock-mantle.amazonaws.com) are API model calls; every other event
// is rejected with a reason naming its eventSource, so nothing is dropped silently.
// Mapping: ts = eventTime (1 s); recordKey = eventID; requestId = requestID (join key to the
// Bedrock invocation log); apiKeyId = userIdentity.accessKeyId; principal = userIdentity.arn;
// orgId = recipientAccountId, else userIdentity.accountId; sourceIp = sourceIPAddress;
// userAgent; region = awsRegion; model = requestParameters.modelId; endpoint = eventName;
// errorCode. CloudTrail has no tokens.
#include "ingest/format_reader.h"

namespace siphon::ingest {

class AwsCloudTrailReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "aws_cloudtrail"; }
    std::string_view title() const override { return "AWS CloudTrail (Bedrock API calls)"; }
    std::string_view recognisedBy() const override {
        return "JSON events with eventVersion, eventSource and eventName (bare, in Records[], or EventBridge "
               "detail); non-Bedrock events are rejected with their eventSource";
    }
    bool matches(simdjson::dom::element first) const override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;
};

} // namespace siphon::ingest
