#pragma once
// AWS Bedrock model-invocation logs (formats.md §3): one JSON record per call with
// schemaType "ModelInvocationLog", wherever that key sits in the object.
// Mapping: ts = timestamp (1 s precision); orgId = accountId (not validated: "<redacted>" and
// 14-digit ids occur); principal = identity.arn; endpoint = operation; recordKey = requestId
// (repeated ids with different content become conflicts, by design); model = modelId with
// ARN / inference-profile prefixes removed, modelRequested = the raw modelId when they differ.
// Tokens: inputTokens = inputTokenCount + cacheRead + cacheWrite; when the counts are missing
// they are taken from the stream's amazon-bedrock-invocationMetrics or the Converse usage.
// Bodies: inputBodyJson / outputBodyJson may be objects, arrays of stream chunks (mixing
// objects and the string "[DONE]"), or JSON-encoded strings (parsed a second time).
#include "ingest/format_reader.h"

namespace siphon::ingest {

class BedrockInvocationReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "bedrock_invocation"; }
    std::string_view title() const override { return "AWS Bedrock model-invocation log"; }
    std::string_view recognisedBy() const override {
        return "JSON records with \"schemaType\": \"ModelInvocationLog\" (S3 .json.gz or CloudWatch export)";
    }
    bool matches(simdjson::dom::element first) const override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

    // "arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-x" -> "anthropic.claude-x".
    static std::string normaliseModelId(std::string_view modelId);

private:
    simdjson::dom::parser bodyParser_;   // for bodies logged as JSON strings
};

} // namespace siphon::ingest
