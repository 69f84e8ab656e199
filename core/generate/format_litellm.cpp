// litellm_spendlogs: a `psql \copy (SELECT * FROM "LiteLLM_SpendLogs") TO … CSV HEADER` export:
// timestamps without zone, JSON columns as JSON text, NULL as an empty unquoted field.
#include "generate/fmt.h"
#include "generate/request_format.h"

namespace siphon::generate {

namespace detail {
int64_t costMicroUsd(const Event& e) {
    const ModelNames& m = models()[e.model];
    return static_cast<int64_t>(e.inTok * m.usdPerMIn + e.outTok * m.usdPerMOut);
}
} // namespace detail

namespace {

const char* kBadTimes[] = {"yesterday 5pm", "2026-01-XX 10:00:00", "tomorrow", "31/31/2026 25:61"};
const char* kBadNumbers[] = {"twelve hundred", "12o4", "1.2k", "lots"};

void appendUsd(std::string& out, int64_t micro) {
    fmt::appendInt(out, micro / 1'000'000);
    out.push_back('.');
    std::string frac = std::to_string(micro % 1'000'000);
    out.append(6 - frac.size(), '0');
    out += frac;
}

class LiteLlm final : public RequestFormat {
public:
    std::string id() const override { return "litellm_spendlogs"; }
    std::string extension() const override { return ".csv"; }
    std::string header() const override {
        return "request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,"
               "request_duration_ms,completionStartTime,model,model_id,model_group,custom_llm_provider,api_base,user,"
               "metadata,cache_hit,cache_key,request_tags,team_id,organization_id,end_user,requester_ip_address,"
               "messages,response,session_id,status\n";
    }
    bool supportsLineFaults() const override { return true; }
    std::vector<Fault> faults() const override {
        return {Fault::InvalidUtf8, Fault::MissingTimestamp, Fault::NonNumericTokens, Fault::BadTimestamp,
                Fault::UnbalancedQuote};
    }
    void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const override {
        const ModelNames& m = models()[e.model];
        const KeyIds& key = a.keys[e.key];
        const ProjectIds& team = a.projects[static_cast<size_t>(key.project)];
        const PrincipalIds& user = a.principals[e.principal];
        const std::string rid = "chatcmpl-" + fmt::uuid(e.seed, e.seq, 0x111);
        const bool ok = e.status == 200;
        out += rid;
        out += e.endpoint == Endpoint::Embeddings ? ",aembedding," : e.endpoint == Endpoint::Responses ? ",aresponses," : ",acompletion,";
        out += key.litellm;
        out.push_back(',');
        appendUsd(out, ok ? detail::costMicroUsd(e) : 0);
        out.push_back(',');
        fmt::appendInt(out, e.inTok + e.outTok);
        out.push_back(',');
        if (fault == Fault::NonNumericTokens) out += kBadNumbers[e.seed % 4];
        else fmt::appendInt(out, e.inTok);
        out.push_back(',');
        fmt::appendInt(out, e.outTok);
        out.push_back(',');
        if (fault == Fault::BadTimestamp) out += kBadTimes[e.seed % 4];
        else if (fault != Fault::MissingTimestamp) fmt::appendTime(out, e.tsUs, 3, ' ', false);
        out.push_back(',');
        fmt::appendTime(out, e.tsUs + int64_t{e.latencyMs} * 1000, 3, ' ', false);
        out.push_back(',');
        fmt::appendInt(out, e.latencyMs);
        out.push_back(',');
        if (ok && e.endpoint != Endpoint::Embeddings)
            fmt::appendTime(out, e.tsUs + int64_t{e.latencyMs} * 1000 / (e.outTok > 50 ? 8 : 2), 3, ' ', false);
        out.push_back(',');
        out += m.openai;
        out += ",";
        out += fmt::uuid(e.model, 0, 0x3D);
        out += ",";
        out += m.litellmGroup;
        out += ",openai,https://api.openai.com/v1,";
        out += user.litellm;
        out.push_back(',');
        std::string meta = "{\"user_api_key_alias\":\"" + a.slug + "-key-" + std::to_string(e.key + 1) +
                           "\",\"user_api_key_team_id\":\"" + team.litellm + "\",\"user_api_key_org_id\":\"" +
                           a.accountId + "\",\"user_api_key_user_id\":\"" + user.litellm +
                           "\",\"requester_ip_address\":\"" + a.ips[e.ip] +
                           "\",\"spend_logs_metadata\":null,\"additional_usage_values\":{\"cache_read_input_tokens\":";
        fmt::appendInt(meta, e.cached);
        meta += ",\"cache_creation_input_tokens\":0}}";
        fmt::appendCsv(out, meta);
        out += ",False,\"\",";
        fmt::appendCsv(out, a.endUsers.empty() ? "[\"internal\"]" : "[\"prod\",\"chat\"]");
        out += "," + team.litellm + "," + a.accountId + ",";
        if (!a.endUsers.empty()) out += a.endUsers[e.endUser];
        out += "," + a.ips[e.ip] + ",";
        std::string msgs = "[{\"role\":\"user\",\"content\":";
        fmt::appendJson(msgs, t.prompt);
        if (fault == Fault::InvalidUtf8) msgs.insert(msgs.size() - 1, "\xC3\x28\xFF");
        msgs += "}]";
        fmt::appendCsv(out, msgs);
        out.push_back(',');
        if (ok) {
            std::string resp = "{\"id\":\"" + rid + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                               "\"message\":{\"role\":\"assistant\",\"content\":";
            fmt::appendJson(resp, t.response);
            resp += "},\"finish_reason\":\"stop\"}]}";
            fmt::appendCsv(out, resp);
        } else {
            out += "\"{}\"";
        }
        out.push_back(',');
        if (fault == Fault::UnbalancedQuote) {
            out += "see the \"attached,\"unterminated";
            return;
        }
        out += ok ? ",success" : ",failure";
    }
    void truncate(std::string& record) const override {
        int commas = 0;
        for (size_t i = 0; i < record.size(); ++i)
            if (record[i] == ',' && ++commas == 5) {
                record.resize(std::min(record.size(), i + 2));
                return;
            }
    }
    void entities(const Actor& a, const Event& e, std::vector<EntityRef>& out) const override {
        out.push_back({kAccount, 0, 0});
        out.push_back({kProject, 0, a.keys[e.key].project});
        out.push_back({kKey, 0, e.key});
        out.push_back({kUser, 0, e.principal});
        out.push_back({kIp, 0, e.ip});
    }
    std::string entityId(const Actor& a, const EntityRef& r) const override {
        switch (r.level) {
        case kAccount: return a.accountId;
        case kProject: return a.projects[static_cast<size_t>(r.index)].litellm;
        case kKey: return a.keys[static_cast<size_t>(r.index)].litellm;
        case kUser: return a.principals[static_cast<size_t>(r.index)].litellm;
        default: return a.ips[static_cast<size_t>(r.index)];
        }
    }
};

} // namespace

std::unique_ptr<RequestFormat> makeLiteLlm() { return std::make_unique<LiteLlm>(); }

} // namespace siphon::generate
