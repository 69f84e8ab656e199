// azure_diag: Azure OpenAI RequestResponse diagnostic records as NDJSON (the storage-account blob
// shape). No tokens, masked caller IPs, .NET ticks, and `properties` sometimes as a JSON string.
#include "generate/fmt.h"
#include "generate/request_format.h"

namespace siphon::generate {

namespace detail {
std::string maskedIp(const std::string& ip) { return ip.substr(0, ip.rfind('.') + 1) + "***"; }
} // namespace detail

namespace {

constexpr int64_t kTicksAtEpoch = 621355968000000000LL;
const char* kLocations[] = {"eastus", "westeurope", "swedencentral", "eastus2"};

const char* operationName(Endpoint e) {
    switch (e) {
    case Endpoint::Chat: return "ChatCompletions_Create";
    case Endpoint::Responses: return "Responses_Create";
    case Endpoint::Completions: return "Completions_Create";
    case Endpoint::Embeddings: return "Embeddings_Create";
    }
    return "ChatCompletions_Create";
}

class AzureDiag final : public RequestFormat {
public:
    std::string id() const override { return "azure_diag"; }
    std::string extension() const override { return ".json"; }
    bool supportsLineFaults() const override { return true; }
    std::vector<Fault> faults() const override {
        return {Fault::MalformedJson, Fault::InvalidUtf8, Fault::MissingTimestamp, Fault::BadTimestamp};
    }
    void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const override {
        const std::string model = models()[e.model].openai;
        const std::string name = model.size() > 11 ? model.substr(0, model.size() - 11) : model;
        const std::string version = model.size() > 11 ? model.substr(model.size() - 10) : "";
        const bool timeless = fault == Fault::MissingTimestamp || fault == Fault::BadTimestamp;
        const char* location = kLocations[a.index % 4];
        out.push_back('{');
        if (fault == Fault::BadTimestamp) out += "\"time\":\"last tuesday\",";
        else if (fault != Fault::MissingTimestamp) {
            out += "\"time\":\"";
            fmt::appendTime(out, e.tsUs + int64_t{e.latencyMs} * 1000, 7);
            out += "\",";
        }
        out += "\"resourceId\":\"/SUBSCRIPTIONS/" + a.azureSubscription + "/RESOURCEGROUPS/" + a.azureResourceGroup +
               "/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/" + a.azureAccount +
               "\",\"category\":\"RequestResponse\",\"operationName\":\"";
        out += operationName(e.endpoint);
        out += "\",\"durationMs\":";
        fmt::appendInt(out, e.latencyMs);
        out += ",\"callerIpAddress\":\"" + detail::maskedIp(a.ips[e.ip]) + "\",\"correlationId\":\"" +
               fmt::uuid(e.seed, e.seq, 0xA2E) + "\",\"resultSignature\":\"";
        fmt::appendInt(out, e.status);
        out += "\",\"event\":\"ShoeboxCallResult\",\"location\":\"";
        out += location;
        if (fault == Fault::InvalidUtf8) out += "\xC3\x28\xFF";
        out += "\",\"Tenant\":\"";
        out += location;
        out += "\",\"properties\":";
        std::string p = "{\"apiName\":\"Azure OpenAI API version 2024-10-21\"";
        const int64_t reqTicks = kTicksAtEpoch + e.tsUs * 10 + static_cast<int64_t>(e.seed % 10);
        if (!timeless) {
            p += ",\"requestTime\":";
            fmt::appendInt(p, reqTicks);
        }
        p += ",\"requestLength\":";
        fmt::appendInt(p, int64_t{e.inTok} * 4 + 180);
        if (!timeless) {
            p += ",\"responseTime\":";
            fmt::appendInt(p, reqTicks + int64_t{e.latencyMs} * 10000);
        }
        p += ",\"responseLength\":";
        fmt::appendInt(p, int64_t{e.outTok} * 4 + 300);
        p += ",\"objectId\":\"" + a.principals[e.principal].azureObjectId + "\",\"streamType\":\"";
        p += (e.seed >> 8) % 3 == 0 ? "Streaming" : "Non-Streaming";
        p += "\",\"modelDeploymentName\":\"" + name + "-" + a.slug.substr(0, a.slug.find('-')) +
             "\",\"modelName\":\"" + name + "\",\"modelVersion\":\"" + version + "\"}";
        (void)t;
        // Both shapes occur in real exports: an object, or the same object as a JSON string.
        if ((e.seed >> 16) % 2 == 0) out += p;
        else fmt::appendJson(out, p);
        out.push_back('}');
        if (fault == Fault::MalformedJson) out.resize(out.size() - 1);
    }
    void entities(const Actor& a, const Event& e, std::vector<EntityRef>& out) const override {
        out.push_back({kAccount, 0, 0});
        out.push_back({kProject, 0, 0});
        if (a.azureAad) out.push_back({kUser, 0, e.principal});
        out.push_back({kIp, 0, e.ip});
    }
    std::string entityId(const Actor& a, const EntityRef& r) const override {
        switch (r.level) {
        case kAccount: return a.azureSubscription;
        case kProject: return a.azureResourceGroup;
        case kUser: return a.principals[static_cast<size_t>(r.index)].azureObjectId;
        default: return detail::maskedIp(a.ips[static_cast<size_t>(r.index)]);
        }
    }
};

} // namespace

std::unique_ptr<RequestFormat> makeAzureDiag() { return std::make_unique<AzureDiag>(); }

} // namespace siphon::generate
