#include "ingest/readers/azure_diag_reader.h"

#include "ingest/readers/json_access.h"
#include "ingest/readers/llm_text.h"
#include "util/time_util.h"

#include <algorithm>
#include <cctype>

namespace siphon::ingest {

using simdjson::dom::element;

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

// The path segment after /NAME/ in an upper-cased resource id, or "".
std::string segmentAfter(const std::string& id, std::string_view name) {
    const size_t p = id.find(name);
    if (p == std::string::npos) return {};
    const size_t start = p + name.size();
    const size_t end = id.find('/', start);
    return id.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// "non-numeric requestTime 'x'" -> "non-numeric properties.requestTime 'x'".
std::string inProperties(std::string reason) {
    const size_t space = reason.find(' ');
    return space == std::string::npos ? reason : reason.insert(space + 1, "properties.");
}

bool isGatewayResource(const std::string& idUpper) { return idUpper.find("/MICROSOFT.APIMANAGEMENT/") != std::string::npos; }

// ts = properties.requestTime (.NET ticks, precision 1 µs) when present, else `time`; latency =
// durationMs unless negative. Returns the reason to reject the record, if any.
std::optional<std::string> readTiming(json::FieldReader& f, json::FieldReader* props, RequestRecord& r) {
    std::optional<int64_t> requestTicks, responseTicks;
    if (props) {
        requestTicks = props->optInt("requestTime");
        responseTicks = props->optInt("responseTime");
        if (props->failed()) return inProperties(props->error());
    }
    if (requestTicks) {
        r.tsStartUs = timeutil::dotNetTicksToUs(*requestTicks);
        r.tsPrecisionUs = 1;
        if (!timeutil::plausible(r.tsStartUs))
            return "implausible properties.requestTime " + std::to_string(*requestTicks) + " (.NET ticks)";
        if (responseTicks && *responseTicks >= *requestTicks) r.tsEndUs = timeutil::dotNetTicksToUs(*responseTicks);
    } else if (!f.time("time", r.tsStartUs, r.tsPrecisionUs)) {
        return f.error();
    }
    // A negative duration (seen in real exports) is not a latency: leave it empty.
    if (auto d = f.optInt("durationMs", true); d && *d >= 0) r.latencyMs = static_cast<double>(*d);
    if (f.failed()) return f.error();
    return std::nullopt;
}

// Fields of the record itself: subscription, resource group and resource from resourceId, caller,
// correlation id (also the request id and record key), region and operation.
void readEnvelope(element rec, const std::string& resourceIdUpper, RequestRecord& r) {
    r.orgId = segmentAfter(resourceIdUpper, "/SUBSCRIPTIONS/");
    const std::string group = segmentAfter(resourceIdUpper, "/RESOURCEGROUPS/");
    const size_t lastSlash = resourceIdUpper.rfind('/');
    const std::string resource = lastSlash == std::string::npos ? std::string() : resourceIdUpper.substr(lastSlash + 1);
    if (!group.empty() || !resource.empty()) r.projectId = group + "/" + resource;
    r.sourceIp = json::str(rec, "callerIpAddress");
    r.sourceIpMasked = r.sourceIp.find('*') != std::string::npos;
    r.correlationId = json::str(rec, "correlationId");
    r.requestId = r.correlationId;
    r.recordKey = r.correlationId;
    r.region = json::str(rec, "location");
    r.endpoint = json::str(rec, "operationName");
}

// resultSignature (or the gateway's responseCode): an HTTP status, or a textual result kept as
// the error code.
void applyStatus(const std::string& status, RequestRecord& r) {
    int64_t code = 0;
    switch (field::parseInt(status, code)) {
    case field::Parse::Ok: r.statusCode = code; break;
    case field::Parse::Bad:
        if (r.errorCode.empty()) r.errorCode = status;   // textual result signatures exist in other categories
        break;
    case field::Parse::Absent: break;
    }
}

// Fields inside properties: principal, models, sizes and streaming. Errors are left in pf.
void readPropertyFields(element props, json::FieldReader& pf, RequestRecord& r) {
    r.principal = json::str(props, "objectId");
    r.model = json::str(props, "modelName");
    r.modelRequested = json::str(props, "modelDeploymentName");
    r.requestBytes = pf.optInt("requestLength");
    if (!r.requestBytes) r.requestBytes = pf.optInt("requestSize");
    r.responseBytes = pf.optInt("responseLength");
    if (!r.responseBytes) r.responseBytes = pf.optInt("responseSize");
    const std::string streamType = json::str(props, "streamType");
    if (!streamType.empty()) r.isStream = streamType == "Streaming";
}

} // namespace

bool AzureDiagReader::matches(element first) const {
    const std::string id = upper(json::view(first, "resourceId"));
    if (id.empty() || !json::has(first, "category")) return false;
    if (id.find("/PROVIDERS/MICROSOFT.COGNITIVESERVICES/") != std::string::npos) return true;
    return isGatewayResource(id) && json::view(first, "category") == "GatewayLogs";
}

void AzureDiagReader::readGatewayBodies(element props, RequestRecord& r) {
    // Bodies are JSON strings; one parser is reused, so each is fully read before the next.
    element body;
    const std::string_view reqText = json::view(props, "requestBody");
    if (!reqText.empty() && !bodyParser_.parse(reqText.data(), reqText.size(), true).get(body)) {
        llmtext::appendPrompt(body, r.prompt);
        r.modelRequested = json::str(body, "model");
        bool stream = false;
        if (json::getBool(body, "stream", stream) == json::Parse::Ok) r.isStream = stream;
    }
    const std::string_view respText = json::view(props, "responseBody");
    if (!respText.empty() && !bodyParser_.parse(respText.data(), respText.size(), true).get(body)) {
        llmtext::appendResponse(body, r.response);
        r.model = json::str(body, "model");
        int64_t v = 0;
        if (json::getInt(body, "usage.prompt_tokens", v) == json::Parse::Ok && v >= 0) r.inputTokens = v;
        if (json::getInt(body, "usage.completion_tokens", v) == json::Parse::Ok && v >= 0) r.outputTokens = v;
        if (json::getInt(body, "usage.prompt_tokens_details.cached_tokens", v) == json::Parse::Ok && v >= 0)
            r.cachedReadTokens = v;
        if (json::getInt(body, "usage.completion_tokens_details.reasoning_tokens", v) == json::Parse::Ok && v >= 0)
            r.reasoningTokens = v;
        std::string code = json::str(body, "error.innererror.code");
        if (code.empty()) code = json::str(body, "error.code");
        if (!code.empty()) r.errorCode = code;
    }
}

// properties: an object, or the same object serialised into a string (then parsed into props). A
// missing or blank properties leaves hasProps false. Returns the reason to reject the record, if any.
std::optional<std::string> AzureDiagReader::readProperties(element rec, element& props, bool& hasProps) {
    hasProps = json::at(rec, "properties", props);
    if (hasProps && props.is_string()) {
        const std::string_view text = props.get_string().value_unsafe();
        if (field::trim(text).empty()) {
            hasProps = false;
        } else if (propsParser_.parse(text.data(), text.size(), true).get(props) || !props.is_object()) {
            return "properties is a string but not a JSON object";
        }
    } else if (hasProps && !props.is_object()) {
        return "properties is neither an object nor a JSON string";
    }
    return std::nullopt;
}

// API Management gateway logs: the operation called, the APIM subscription, the status when the
// record has no resultSignature, and tokens, model and text from the bodies.
void AzureDiagReader::readGatewayFields(element rec, element props, RequestRecord& r, std::string& status) {
    const std::string op = json::str(props, "operationId");
    if (!op.empty()) r.endpoint = op;
    r.apiKeyId = json::str(props, "apimSubscriptionId");
    if (status.empty()) status = json::str(props, "responseCode");
    readGatewayBodies(props, r);
    if (r.errorCode.empty() && json::view(rec, "resultType") == "Failed") r.errorCode = "Failed";
}

void AzureDiagReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "Azure diagnostic record is not a JSON object");
        return;
    }
    element props;
    bool hasProps = false;
    if (auto reason = readProperties(rec, props, hasProps)) {
        sink.onReject(raw, *reason);
        return;
    }
    json::FieldReader f(rec);
    json::FieldReader pf(hasProps ? props : rec);
    RequestRecord r;
    r.provider = "azure_openai";
    if (auto reason = readTiming(f, hasProps ? &pf : nullptr, r)) {
        sink.onReject(raw, *reason);
        return;
    }
    const std::string resourceId = upper(json::view(rec, "resourceId"));
    readEnvelope(rec, resourceId, r);
    std::string status = json::str(rec, "resultSignature");
    if (hasProps) {
        readPropertyFields(props, pf, r);
        if (isGatewayResource(resourceId)) readGatewayFields(rec, props, r, status);
        if (pf.failed()) {
            sink.onReject(raw, inProperties(pf.error()));
            return;
        }
    }
    applyStatus(status, r);
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
