#include "ingest/readers/aws_cloudtrail_reader.h"

#include "ingest/readers/bedrock_invocation_reader.h"
#include "ingest/readers/json_access.h"

namespace siphon::ingest {

using simdjson::dom::element;

bool AwsCloudTrailReader::matches(element first) const {
    return json::has(first, "eventVersion") && json::has(first, "eventSource") && json::has(first, "eventName");
}

void AwsCloudTrailReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "CloudTrail record is not a JSON object");
        return;
    }
    const std::string source = json::str(rec, "eventSource");
    if (source.empty()) {
        sink.onReject(raw, "missing eventSource");
        return;
    }
    if (source != "bedrock.amazonaws.com" && source != "bedrock-mantle.amazonaws.com") {
        sink.onReject(raw, "CloudTrail event from " + source.substr(0, 80) + " is not a Bedrock call");
        return;
    }
    json::FieldReader f(rec);
    RequestRecord r;
    r.provider = "bedrock";
    if (!f.time("eventTime", r.tsStartUs, r.tsPrecisionUs)) {
        sink.onReject(raw, f.error());
        return;
    }
    r.recordKey = json::str(rec, "eventID");
    r.requestId = json::str(rec, "requestID");
    r.apiKeyId = json::str(rec, "userIdentity.accessKeyId");
    r.principal = json::str(rec, "userIdentity.arn");
    r.orgId = json::str(rec, "recipientAccountId");
    if (r.orgId.empty()) r.orgId = json::str(rec, "userIdentity.accountId");
    r.sourceIp = json::str(rec, "sourceIPAddress");
    r.userAgent = json::str(rec, "userAgent");
    r.region = json::str(rec, "awsRegion");
    r.endpoint = json::str(rec, "eventName");
    const std::string modelId = json::str(rec, "requestParameters.modelId");
    r.model = BedrockInvocationReader::normaliseModelId(modelId);
    if (r.model != modelId) r.modelRequested = modelId;
    r.errorCode = json::str(rec, "errorCode");
    if (r.endpoint.size() > 6 && r.endpoint.compare(r.endpoint.size() - 6, 6, "Stream") == 0) r.isStream = true;
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
