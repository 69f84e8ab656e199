// bedrock_invocation (gzip NDJSON, like the S3 delivery) and aws_cloudtrail ({"Records":[...]}
// gzip documents). Both describe the same calls with the same request id, so they can be joined:
// Bedrock has tokens and content, CloudTrail has the access key, source IP and user agent.
// Bedrock logs successful invocations only; CloudTrail also records throttled and failed calls.
#include "generate/fmt.h"
#include "generate/request_format.h"

namespace siphon::generate {

namespace {

constexpr uint64_t kRequestSalt = 0xA55;
const char* kRegions[] = {"us-east-1", "us-west-2", "eu-central-1", "us-east-1"};
const char* kBadTimes[] = {"yesterday 5pm", "2026-01-XXT10:00:00Z", "tomorrow", "31/31/2026 25:61"};
const char* kBadNumbers[] = {"twelve hundred", "12o4", "1.2k", "lots"};

const char* region(const Actor& a) { return kRegions[a.index % 4]; }
const char* operation(const Event& e) { return e.seed % 3 == 0 ? "InvokeModel" : "Converse"; }

class Bedrock final : public RequestFormat {
public:
    std::string id() const override { return "bedrock_invocation"; }
    std::string extension() const override { return ".jsonl.gz"; }
    bool gzip() const override { return true; }
    bool includes(const Event& e) const override { return e.status == 200 && e.endpoint != Endpoint::Embeddings; }
    bool supportsLineFaults() const override { return true; }
    std::vector<Fault> faults() const override {
        return {Fault::MalformedJson, Fault::InvalidUtf8, Fault::MissingTimestamp, Fault::NonNumericTokens,
                Fault::BadTimestamp};
    }
    void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const override {
        out += "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",";
        if (fault == Fault::BadTimestamp) {
            out += "\"timestamp\":";
            fmt::appendJson(out, kBadTimes[e.seed % 4]);
            out.push_back(',');
        } else if (fault != Fault::MissingTimestamp) {
            out += "\"timestamp\":\"";
            fmt::appendTime(out, e.tsUs, 0);
            out += "\",";
        }
        out += "\"accountId\":\"" + a.accountId + "\",\"identity\":{\"arn\":";
        fmt::appendJson(out, a.principals[e.principal].arn);
        out += "},\"region\":\"";
        out += region(a);
        out += "\",\"requestId\":\"" + fmt::uuid(e.seed, e.seq, kRequestSalt) + "\",\"operation\":\"";
        out += operation(e);
        out += "\",\"modelId\":\"";
        out += models()[e.model].bedrock;
        out += "\",\"input\":{\"inputContentType\":\"application/json\",\"inputBodyJson\":{\"messages\":[{\"role\":"
               "\"user\",\"content\":[{\"text\":";
        fmt::appendJson(out, t.prompt);
        if (fault == Fault::InvalidUtf8) out.insert(out.size() - 1, "\xC3\x28\xFF");
        out += "}]}],\"inferenceConfig\":{\"maxTokens\":";
        fmt::appendInt(out, e.outTok > 4096 ? 16384 : 4096);
        out += "}},\"inputTokenCount\":";
        if (fault == Fault::NonNumericTokens) fmt::appendJson(out, kBadNumbers[e.seed % 4]);
        else fmt::appendInt(out, e.inTok - e.cached);
        out += ",\"cacheReadInputTokenCount\":";
        fmt::appendInt(out, e.cached);
        out += ",\"cacheWriteInputTokenCount\":0},\"output\":{\"outputContentType\":\"application/json\","
               "\"outputBodyJson\":{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":";
        fmt::appendJson(out, t.response);
        out += "}]}},\"stopReason\":\"";
        out += e.outTok >= 4096 ? "max_tokens" : "end_turn";
        out += "\",\"metrics\":{\"latencyMs\":";
        fmt::appendInt(out, e.latencyMs);
        out += "},\"usage\":{\"inputTokens\":";
        fmt::appendInt(out, e.inTok - e.cached);
        out += ",\"outputTokens\":";
        fmt::appendInt(out, e.outTok);
        out += ",\"totalTokens\":";
        fmt::appendInt(out, e.inTok - e.cached + e.outTok);
        out += "}},\"outputTokenCount\":";
        fmt::appendInt(out, e.outTok);
        out += "}}";
        if (fault == Fault::MalformedJson) out.resize(out.size() - 2);
    }
    void entities(const Actor&, const Event& e, std::vector<EntityRef>& out) const override {
        out.push_back({kAccount, 0, 0});
        out.push_back({kUser, 0, e.principal});
    }
    std::string entityId(const Actor& a, const EntityRef& r) const override {
        return r.level == kAccount ? a.accountId : a.principals[static_cast<size_t>(r.index)].arn;
    }
};

class CloudTrail final : public RequestFormat {
public:
    std::string id() const override { return "aws_cloudtrail"; }
    std::string extension() const override { return ".json.gz"; }
    bool gzip() const override { return true; }
    std::string header() const override { return "{\"Records\":[\n"; }
    std::string separator() const override { return ",\n"; }
    std::string footer() const override { return "\n]}\n"; }
    int maxRecordsPerFile(int requested) const override { return std::min(requested, 5000); }
    bool includes(const Event& e) const override { return e.endpoint != Endpoint::Embeddings; }
    void render(const Actor& a, const Event& e, const CallText&, Fault, std::string& out) const override {
        const KeyIds& key = a.keys[e.key];
        const PrincipalIds& p = a.principals[e.principal];
        const bool role = key.aws.rfind("ASIA", 0) == 0;
        out += "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"";
        out += role ? "AssumedRole" : "IAMUser";
        out += "\",\"principalId\":\"";
        out += (role ? "AROA" : "AIDA") + key.aws.substr(4, 12);
        if (role) out += ":" + p.arn.substr(p.arn.rfind('/') + 1);
        out += "\",\"arn\":";
        fmt::appendJson(out, p.arn);
        out += ",\"accountId\":\"" + a.accountId + "\",\"accessKeyId\":\"" + key.aws + "\"";
        if (role)
            out += ",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::" + a.accountId +
                   ":role/" + a.slug + "-role\",\"userName\":\"" + a.slug + "-role\"}}";
        else
            out += ",\"userName\":\"" + p.arn.substr(p.arn.rfind('/') + 1) + "\"";
        out += "},\"eventTime\":\"";
        fmt::appendTime(out, e.tsUs, 0);
        out += "\",\"eventSource\":\"bedrock.amazonaws.com\",\"eventName\":\"";
        out += operation(e);
        out += "\",\"awsRegion\":\"";
        out += region(a);
        out += "\",\"sourceIPAddress\":\"" + a.ips[e.ip] + "\",\"userAgent\":";
        fmt::appendJson(out, a.userAgents[e.ua]);
        out += ",\"requestParameters\":{\"modelId\":\"";
        out += models()[e.model].bedrock;
        out += "\"},\"responseElements\":null,";
        if (e.status != 200) {
            const char* code = e.status == 429 ? "ThrottlingException"
                               : e.status == 400 ? "ValidationException"
                               : e.status == 503 ? "ServiceUnavailableException"
                                                 : "InternalServerException";
            out += "\"errorCode\":\"";
            out += code;
            out += "\",\"errorMessage\":\"";
            out += e.status == 429 ? "Too many requests, please wait before trying again." : "The request failed.";
            out += "\",";
        }
        out += "\"requestID\":\"" + fmt::uuid(e.seed, e.seq, kRequestSalt) + "\",\"eventID\":\"" +
               fmt::uuid(e.seed, e.seq, 0xE7E) + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
               "\"managementEvent\":true,\"recipientAccountId\":\"" + a.accountId +
               "\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":"
               "\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"bedrock-runtime.";
        out += region(a);
        out += ".amazonaws.com\"}}";
    }
    void entities(const Actor&, const Event& e, std::vector<EntityRef>& out) const override {
        out.push_back({kAccount, 0, 0});
        out.push_back({kKey, 0, e.key});
        out.push_back({kUser, 0, e.principal});
        out.push_back({kIp, 0, e.ip});
    }
    std::string entityId(const Actor& a, const EntityRef& r) const override {
        switch (r.level) {
        case kAccount: return a.accountId;
        case kKey: return a.keys[static_cast<size_t>(r.index)].aws;
        case kUser: return a.principals[static_cast<size_t>(r.index)].arn;
        default: return a.ips[static_cast<size_t>(r.index)];
        }
    }
};

} // namespace

std::unique_ptr<RequestFormat> makeBedrock() { return std::make_unique<Bedrock>(); }
std::unique_ptr<RequestFormat> makeCloudTrail() { return std::make_unique<CloudTrail>(); }

} // namespace siphon::generate
