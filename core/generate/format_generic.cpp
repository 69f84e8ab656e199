// generic_csv and generic_jsonl: the obvious column names of the generic readers, one row per call.
#include "generate/fmt.h"
#include "generate/request_format.h"

namespace siphon::generate {

namespace {

const char* endpointPath(Endpoint e) {
    switch (e) {
    case Endpoint::Chat: return "/v1/chat/completions";
    case Endpoint::Responses: return "/v1/responses";
    case Endpoint::Completions: return "/v1/completions";
    case Endpoint::Embeddings: return "/v1/embeddings";
    }
    return "/v1/chat/completions";
}

const char* kBadTimes[] = {"yesterday 5pm", "2026-01-XXT10:00:00Z", "tomorrow", "31/31/2026 25:61"};
const char* kBadNumbers[] = {"twelve hundred", "12o4", "1.2k", "lots"};
const char* kBadUtf8 = "\xC3\x28\xFF\xFE";

const std::string& userOf(const Actor& a, const Event& e) {
    return a.endUsers.empty() ? a.principals[e.principal].generic : a.endUsers[e.endUser];
}

void genericEntities(const Actor& a, const Event& e, std::vector<EntityRef>& out) {
    out.push_back({kAccount, 0, 0});
    out.push_back({kProject, 0, a.keys[e.key].project});
    out.push_back({kKey, 0, e.key});
    if (a.endUsers.empty()) out.push_back({kUser, 0, e.principal});
    else out.push_back({kUser, 1, e.endUser});
    out.push_back({kIp, 0, e.ip});
}

std::string genericEntityId(const Actor& a, const EntityRef& r) {
    switch (r.level) {
    case kAccount: return a.accountId;
    case kProject: return a.projects[static_cast<size_t>(r.index)].generic;
    case kKey: return a.keys[static_cast<size_t>(r.index)].generic;
    case kUser: return r.variant == 1 ? a.endUsers[static_cast<size_t>(r.index)] : a.principals[static_cast<size_t>(r.index)].generic;
    default: return a.ips[static_cast<size_t>(r.index)];
    }
}

class GenericCsv final : public RequestFormat {
public:
    std::string id() const override { return "generic_csv"; }
    std::string extension() const override { return ".csv"; }
    std::string header() const override {
        return "timestamp,account_id,project_id,api_key_id,user_id,source_ip,user_agent,model,endpoint,input_tokens,"
               "output_tokens,cached_tokens,status,latency_ms,request_id,prompt,response\n";
    }
    bool supportsLineFaults() const override { return true; }
    std::vector<Fault> faults() const override {
        return {Fault::InvalidUtf8, Fault::MissingTimestamp, Fault::NonNumericTokens, Fault::BadTimestamp,
                Fault::UnbalancedQuote};
    }
    void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const override {
        if (fault == Fault::MissingTimestamp) {
        } else if (fault == Fault::BadTimestamp) {
            fmt::appendCsv(out, kBadTimes[e.seed % 4]);
        } else {
            fmt::appendTime(out, e.tsUs, 3);
        }
        out.push_back(',');
        out += a.accountId;
        out.push_back(',');
        out += a.projects[static_cast<size_t>(a.keys[e.key].project)].generic;
        out.push_back(',');
        out += a.keys[e.key].generic;
        out.push_back(',');
        out += userOf(a, e);
        out.push_back(',');
        out += a.ips[e.ip];
        out.push_back(',');
        fmt::appendCsv(out, a.userAgents[e.ua]);
        out.push_back(',');
        out += models()[e.model].openai;
        out.push_back(',');
        out += endpointPath(e.endpoint);
        out.push_back(',');
        if (fault == Fault::NonNumericTokens) out += kBadNumbers[e.seed % 4];
        else fmt::appendInt(out, e.inTok);
        out.push_back(',');
        fmt::appendInt(out, e.outTok);
        out.push_back(',');
        fmt::appendInt(out, e.cached);
        out.push_back(',');
        fmt::appendInt(out, e.status);
        out.push_back(',');
        fmt::appendInt(out, e.latencyMs);
        out.push_back(',');
        out += "req_" + fmt::hexId(e.seed, e.seq, 0xC5F, 14);
        out.push_back(',');
        if (fault == Fault::UnbalancedQuote) {
            // A stray quote inside an unquoted field, then a quoted field that never closes: the row
            // still ends at its newline, so only this line is lost.
            out += "see the \"attached";
            out += ",\"unterminated answer";
            return;
        }
        if (fault == Fault::InvalidUtf8) fmt::appendCsv(out, t.prompt + kBadUtf8);
        else fmt::appendCsv(out, t.prompt);
        out.push_back(',');
        fmt::appendCsv(out, t.response);
    }
    void truncate(std::string& record) const override {
        // Cut inside source_ip (6th field, never quoted): far too few fields, and no open quote.
        int commas = 0;
        for (size_t i = 0; i < record.size(); ++i) {
            if (record[i] == ',' && ++commas == 5) {
                record.resize(std::min(record.size(), i + 4));
                return;
            }
        }
    }
    void entities(const Actor& a, const Event& e, std::vector<EntityRef>& out) const override { genericEntities(a, e, out); }
    std::string entityId(const Actor& a, const EntityRef& r) const override { return genericEntityId(a, r); }
};

class GenericJsonl final : public RequestFormat {
public:
    std::string id() const override { return "generic_jsonl"; }
    std::string extension() const override { return ".jsonl"; }
    bool supportsLineFaults() const override { return true; }
    std::vector<Fault> faults() const override {
        return {Fault::MalformedJson, Fault::InvalidUtf8, Fault::MissingTimestamp, Fault::NonNumericTokens,
                Fault::BadTimestamp};
    }
    void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const override {
        out.push_back('{');
        if (fault == Fault::BadTimestamp) {
            out += "\"timestamp\":";
            fmt::appendJson(out, kBadTimes[e.seed % 4]);
            out.push_back(',');
        } else if (fault != Fault::MissingTimestamp) {
            out += "\"timestamp\":\"";
            fmt::appendTime(out, e.tsUs, 3);
            out += "\",";
        }
        out += "\"account_id\":";
        fmt::appendJson(out, a.accountId);
        out += ",\"project_id\":";
        fmt::appendJson(out, a.projects[static_cast<size_t>(a.keys[e.key].project)].generic);
        out += ",\"api_key_id\":";
        fmt::appendJson(out, a.keys[e.key].generic);
        out += ",\"user_id\":";
        fmt::appendJson(out, userOf(a, e));
        out += ",\"source_ip\":";
        fmt::appendJson(out, a.ips[e.ip]);
        out += ",\"user_agent\":";
        fmt::appendJson(out, a.userAgents[e.ua]);
        out += ",\"model\":";
        fmt::appendJson(out, models()[e.model].openai);
        out += ",\"endpoint\":";
        fmt::appendJson(out, endpointPath(e.endpoint));
        out += ",\"input_tokens\":";
        if (fault == Fault::NonNumericTokens) fmt::appendJson(out, kBadNumbers[e.seed % 4]);
        else fmt::appendInt(out, e.inTok);
        out += ",\"output_tokens\":";
        fmt::appendInt(out, e.outTok);
        out += ",\"cached_tokens\":";
        fmt::appendInt(out, e.cached);
        out += ",\"status\":";
        fmt::appendInt(out, e.status);
        out += ",\"latency_ms\":";
        fmt::appendInt(out, e.latencyMs);
        out += ",\"request_id\":\"req_" + fmt::hexId(e.seed, e.seq, 0x15E, 14) + "\"";
        out += ",\"prompt\":";
        if (fault == Fault::InvalidUtf8) {
            fmt::appendJson(out, t.prompt);
            out.insert(out.size() - 1, kBadUtf8);
        } else {
            fmt::appendJson(out, t.prompt);
        }
        out += ",\"response\":";
        fmt::appendJson(out, t.response);
        out.push_back('}');
        if (fault == Fault::MalformedJson) out.resize(out.size() - 1);   // object never closed
    }
    void entities(const Actor& a, const Event& e, std::vector<EntityRef>& out) const override { genericEntities(a, e, out); }
    std::string entityId(const Actor& a, const EntityRef& r) const override { return genericEntityId(a, r); }
};

} // namespace

std::unique_ptr<RequestFormat> makeGenericCsv() { return std::make_unique<GenericCsv>(); }
std::unique_ptr<RequestFormat> makeGenericJsonl() { return std::make_unique<GenericJsonl>(); }

} // namespace siphon::generate
