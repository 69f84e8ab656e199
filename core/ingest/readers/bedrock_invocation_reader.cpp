#include "ingest/readers/bedrock_invocation_reader.h"

#include "ingest/field_parse.h"

#include "ingest/readers/json_access.h"
#include "ingest/readers/llm_text.h"

namespace siphon::ingest {

using simdjson::dom::element;

bool BedrockInvocationReader::matches(element first) const {
    return json::view(first, "schemaType") == "ModelInvocationLog";
}

std::string BedrockInvocationReader::normaliseModelId(std::string_view modelId) {
    std::string_view m = modelId;
    if (m.substr(0, 4) == "arn:") {
        const size_t slash = m.rfind('/');
        if (slash != std::string_view::npos) m.remove_prefix(slash + 1);
    }
    // Cross-region inference profiles prefix the model with a geography ("us.anthropic...").
    for (std::string_view geo : {"us-gov.", "us.", "eu.", "apac.", "global.", "jp.", "au.", "ca."}) {
        if (m.substr(0, geo.size()) == geo && m.find('.', geo.size()) != std::string_view::npos) {
            m.remove_prefix(geo.size());
            break;
        }
    }
    return std::string(m);
}

namespace {

// The value of a body field, parsing it again when it was logged as a JSON-encoded string.
// Returns false when absent. A string that is not JSON is kept as a plain-text body.
bool body(element container, std::string_view key, simdjson::dom::parser& parser, element& out) {
    if (!json::at(container, key, out)) return false;
    std::string_view s;
    if (out.get_string().get(s)) return true;
    const std::string_view t = field::trim(s);
    if (t.empty() || (t.front() != '{' && t.front() != '[')) return true;   // plain text body
    element parsed;
    if (!parser.parse(s.data(), s.size(), true).get(parsed)) out = parsed;
    return true;
}

// The amazon-bedrock-invocationMetrics object of a stream (normally on its last object chunk).
bool streamMetrics(element outputBody, element& metrics) {
    simdjson::dom::array arr;
    if (outputBody.get_array().get(arr)) return false;
    bool found = false;
    for (element chunk : arr)
        if (chunk.is_object() && json::at(chunk, "amazon-bedrock-invocationMetrics", metrics)) found = true;
    return found;
}

} // namespace

void BedrockInvocationReader::read(element rec, const RawRecord& raw, RecordSink& sink) {
    if (!rec.is_object()) {
        sink.onReject(raw, "Bedrock invocation record is not a JSON object");
        return;
    }
    json::FieldReader f(rec);
    RequestRecord r;
    r.provider = "bedrock";
    if (!f.time("timestamp", r.tsStartUs, r.tsPrecisionUs)) {
        sink.onReject(raw, f.error());
        return;
    }
    r.orgId = json::str(rec, "accountId");
    r.principal = json::str(rec, "identity.arn");
    r.region = json::str(rec, "region");
    r.requestId = json::str(rec, "requestId");
    r.recordKey = r.requestId;
    r.endpoint = json::str(rec, "operation");
    const std::string modelId = json::str(rec, "modelId");
    r.model = normaliseModelId(modelId);
    if (r.model != modelId) r.modelRequested = modelId;
    r.errorCode = json::str(rec, "errorCode");
    if (r.errorCode.empty()) {
        const std::string status = json::str(rec, "status");
        if (!status.empty() && status != "success" && status != "Success") r.errorCode = status;
    }

    const auto inputCount = f.optInt("input.inputTokenCount");
    const auto outputCount = f.optInt("output.outputTokenCount");
    r.cachedReadTokens = f.optInt("input.cacheReadInputTokenCount");
    r.cacheWriteTokens = f.optInt("input.cacheWriteInputTokenCount");

    // Prompt first: the body parser is reused for the output body afterwards.
    element in;
    if (body(rec, "input.inputBodyJson", bodyParser_, in)) llmtext::appendPrompt(in, r.prompt);
    std::optional<int64_t> metricIn, metricOut;
    element out;
    if (body(rec, "output.outputBodyJson", bodyParser_, out)) {
        llmtext::appendResponse(out, r.response);
        element metrics;
        if (streamMetrics(out, metrics)) {
            r.isStream = true;
            metricIn = f.optIntAt(metrics, "inputTokenCount");
            metricOut = f.optIntAt(metrics, "outputTokenCount");
            r.latencyMs = f.optDoubleAt(metrics, "invocationLatency");
        } else if (out.is_array()) {
            r.isStream = true;
        } else if (out.is_object()) {
            r.latencyMs = f.optDoubleAt(out, "metrics.latencyMs");
            metricIn = f.optIntAt(out, "usage.inputTokens");
            metricOut = f.optIntAt(out, "usage.outputTokens");
        }
    }
    if (f.failed()) {
        sink.onReject(raw, f.error());
        return;
    }
    if (!r.isStream && r.endpoint.size() > 6 && r.endpoint.compare(r.endpoint.size() - 6, 6, "Stream") == 0)
        r.isStream = true;
    const auto baseIn = inputCount ? inputCount : metricIn;
    if (baseIn)
        r.inputTokens = field::addSaturating(field::addSaturating(*baseIn, r.cachedReadTokens.value_or(0)),
                                             r.cacheWriteTokens.value_or(0));
    r.outputTokens = outputCount ? outputCount : metricOut;
    // A latency beyond a day is not a real call (and a huge one would overflow the end time).
    if (r.latencyMs && *r.latencyMs >= 0 && *r.latencyMs < 86'400'000.0)
        r.tsEndUs = r.tsStartUs + static_cast<int64_t>(*r.latencyMs * 1000.0);
    sink.onRequest(std::move(r), raw);
}

} // namespace siphon::ingest
