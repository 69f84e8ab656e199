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

void AzureDiagReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "Azure diagnostic record is not a JSON object");
        return;
    }
    // properties: an object, or the same object serialised into a string.
    element props;
    bool hasProps = json::at(rec, "properties", props);
    if (hasProps && props.is_string()) {
        const std::string_view text = props.get_string().value_unsafe();
        if (field::trim(text).empty()) {
            hasProps = false;
        } else if (propsParser_.parse(text.data(), text.size(), true).get(props) || !props.is_object()) {
            sink.onReject(raw, "properties is a string but not a JSON object");
            return;
        }
    } else if (hasProps && !props.is_object()) {
        sink.onReject(raw, "properties is neither an object nor a JSON string");
        return;
    }

    json::FieldReader f(rec);
    json::FieldReader pf(hasProps ? props : rec);
    RequestRecord r;
    r.provider = "azure_openai";
    std::optional<int64_t> requestTicks, responseTicks;
    if (hasProps) {
        requestTicks = pf.optInt("requestTime");
        responseTicks = pf.optInt("responseTime");
        if (pf.failed()) {
            sink.onReject(raw, inProperties(pf.error()));
            return;
        }
    }
    if (requestTicks) {
        r.tsStartUs = timeutil::dotNetTicksToUs(*requestTicks);
        r.tsPrecisionUs = 1;
        if (!timeutil::plausible(r.tsStartUs)) {
            sink.onReject(raw, "implausible properties.requestTime " + std::to_string(*requestTicks) + " (.NET ticks)");
            return;
        }
        if (responseTicks && *responseTicks >= *requestTicks) r.tsEndUs = timeutil::dotNetTicksToUs(*responseTicks);
    } else if (!f.time("time", r.tsStartUs, r.tsPrecisionUs)) {
        sink.onReject(raw, f.error());
        return;
    }
    // A negative duration (seen in real exports) is not a latency: leave it empty.
    if (auto d = f.optInt("durationMs", true); d && *d >= 0) r.latencyMs = static_cast<double>(*d);
    if (f.failed()) {
        sink.onReject(raw, f.error());
        return;
    }

    const std::string resourceId = upper(json::view(rec, "resourceId"));
    r.orgId = segmentAfter(resourceId, "/SUBSCRIPTIONS/");
    const std::string group = segmentAfter(resourceId, "/RESOURCEGROUPS/");
    const size_t lastSlash = resourceId.rfind('/');
    const std::string resource = lastSlash == std::string::npos ? std::string() : resourceId.substr(lastSlash + 1);
    if (!group.empty() || !resource.empty()) r.projectId = group + "/" + resource;
    r.sourceIp = json::str(rec, "callerIpAddress");
    r.sourceIpMasked = r.sourceIp.find('*') != std::string::npos;
    r.correlationId = json::str(rec, "correlationId");
    r.requestId = r.correlationId;
    r.recordKey = r.correlationId;
    r.region = json::str(rec, "location");
    r.endpoint = json::str(rec, "operationName");

    std::string status = json::str(rec, "resultSignature");
    if (hasProps) {
        r.principal = json::str(props, "objectId");
        r.model = json::str(props, "modelName");
        r.modelRequested = json::str(props, "modelDeploymentName");
        r.requestBytes = pf.optInt("requestLength");
        if (!r.requestBytes) r.requestBytes = pf.optInt("requestSize");
        r.responseBytes = pf.optInt("responseLength");
        if (!r.responseBytes) r.responseBytes = pf.optInt("responseSize");
        const std::string streamType = json::str(props, "streamType");
        if (!streamType.empty()) r.isStream = streamType == "Streaming";
        if (isGatewayResource(resourceId)) {
            const std::string op = json::str(props, "operationId");
            if (!op.empty()) r.endpoint = op;
            r.apiKeyId = json::str(props, "apimSubscriptionId");
            if (status.empty()) status = json::str(props, "responseCode");
            readGatewayBodies(props, r);
            if (r.errorCode.empty() && json::view(rec, "resultType") == "Failed") r.errorCode = "Failed";
        }
        if (pf.failed()) {
            sink.onReject(raw, inProperties(pf.error()));
            return;
        }
    }
    int64_t code = 0;
    switch (field::parseInt(status, code)) {
    case field::Parse::Ok: r.statusCode = code; break;
    case field::Parse::Bad:
        if (r.errorCode.empty()) r.errorCode = status;   // textual result signatures exist in other categories
        break;
    case field::Parse::Absent: break;
    }
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
