#pragma once
// Azure OpenAI / Cognitive Services diagnostic logs (formats.md §2), NDJSON or {"records":[...]}:
// RequestResponse and Audit categories (resourceId under /MICROSOFT.COGNITIVESERVICES/), and the
// API Management GatewayLogs in front of Azure OpenAI (resourceId under /MICROSOFT.APIMANAGEMENT/).
// Every category becomes a request row; endpoint = operationName (ListKey, ChatCompletions_Create),
// except GatewayLogs whose operationName is always "Microsoft.ApiManagement/GatewayLogs": there
// endpoint = properties.operationId (the API operation called) when present.
// `properties` may be an object or a JSON-encoded string (parsed a second time; a string that is
// not JSON is a reject). ts = properties.requestTime (.NET ticks, precision 1 µs) else `time`;
// latency = durationMs unless negative (then left empty); sourceIp = callerIpAddress as given,
// sourceIpMasked when it contains '*'; orgId = subscription GUID of resourceId and projectId =
// "<RESOURCEGROUP>/<RESOURCE>" (upper-case, as Azure ids are case-insensitive); principal =
// properties.objectId; model = modelName, modelRequested = modelDeploymentName; requestId =
// correlationId = recordKey. Two records with one correlationId and different content are kept
// and counted as conflicts (the real sample has such a pair with identical `time` too, so adding
// the time to the key would not separate them; a conflict is the honest outcome).
// GatewayLogs: tokens, model and text come from the JSON-string requestBody/responseBody.
#include "ingest/format_reader.h"

#include <optional>
#include <string>

namespace siphon::ingest {

class AzureDiagReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "azure_diag"; }
    std::string_view title() const override { return "Azure OpenAI / API Management diagnostic log"; }
    std::string_view recognisedBy() const override {
        return "JSON records with category and a resourceId under /MICROSOFT.COGNITIVESERVICES/ "
               "(RequestResponse, Audit, ...) or /MICROSOFT.APIMANAGEMENT/ (GatewayLogs)";
    }
    bool matches(simdjson::dom::element first) const override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

private:
    std::optional<std::string> readProperties(simdjson::dom::element record, simdjson::dom::element& props,
                                              bool& hasProps);
    void readGatewayFields(simdjson::dom::element record, simdjson::dom::element props, RequestRecord& r,
                           std::string& status);
    void readGatewayBodies(simdjson::dom::element props, RequestRecord& r);

    simdjson::dom::parser propsParser_;   // properties given as a JSON string
    simdjson::dom::parser bodyParser_;    // APIM request/response bodies (JSON strings)
};

} // namespace siphon::ingest
