#include "generate/usage_report.h"

#include "generate/fmt.h"

#include <map>
#include <tuple>

namespace siphon::generate {

namespace {

struct Agg {
    int64_t requests = 0, input = 0, cached = 0, output = 0;
};

// (actor, key, model): the project/workspace follows from the key, so it needs no own slot.
using GroupKey = std::tuple<std::string, int, int, int>;   // sort by rendered key id for stable output

// A day's usage buckets as one API page, unless that page would be longer than this: then one page
// per hour, as the API pages a large organisation's report (a real page is never a 100 MB line).
constexpr size_t kMaxPageBytes = 16u << 20;
constexpr int64_t kHourUs = 3'600'000'000LL;

std::vector<std::map<GroupKey, Agg>> aggregateHours(bool anthropic, const std::vector<Actor>& actors,
                                                    const std::vector<Event>& events, int64_t dayStartUs) {
    std::vector<std::map<GroupKey, Agg>> hours(24);
    for (const Event& e : events) {
        // Usage reports count served completions: no embeddings, no throttled or failed calls.
        if (e.status != 200 || e.endpoint == Endpoint::Embeddings) continue;
        const int h = static_cast<int>((e.tsUs - dayStartUs) / kHourUs);
        if (h < 0 || h >= 24) continue;
        const Actor& a = actors[e.actor];
        const KeyIds& k = a.keys[e.key];
        Agg& g = hours[static_cast<size_t>(h)][{anthropic ? k.anthropic : k.generic, static_cast<int>(e.actor), e.key, e.model}];
        ++g.requests;
        g.input += e.inTok;
        g.cached += e.cached;
        g.output += e.outTok;
    }
    return hours;
}

void appendResult(std::string& s, bool anthropic, const Actor& a, const std::string& keyId, int project, int model,
                  const Agg& g) {
    if (anthropic) {
        s += "{\"api_key_id\":\"" + keyId + "\",\"workspace_id\":\"" + a.projects[static_cast<size_t>(project)].anthropic +
             "\",\"model\":\"";
        s += models()[static_cast<size_t>(model)].anthropic;
        s += "\",\"service_tier\":null,\"context_window\":null,\"uncached_input_tokens\":";
        fmt::appendInt(s, g.input - g.cached);
        s += ",\"cache_read_input_tokens\":";
        fmt::appendInt(s, g.cached);
        s += ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},"
             "\"output_tokens\":";
        fmt::appendInt(s, g.output);
        s += ",\"server_tool_use\":{\"web_search_requests\":0}}";
        return;
    }
    s += "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":";
    fmt::appendInt(s, g.input);
    s += ",\"input_cached_tokens\":";
    fmt::appendInt(s, g.cached);
    s += ",\"output_tokens\":";
    fmt::appendInt(s, g.output);
    s += ",\"input_audio_tokens\":0,\"output_audio_tokens\":0,\"num_model_requests\":";
    fmt::appendInt(s, g.requests);
    s += ",\"project_id\":\"" + a.projects[static_cast<size_t>(project)].generic + "\",\"user_id\":null,\"api_key_id\":\"" +
         keyId + "\",\"model\":\"";
    s += models()[static_cast<size_t>(model)].openai;
    s += "\",\"batch\":null,\"service_tier\":null}";
}

// One hour's bucket object, its results in key order.
std::string bucketJson(bool anthropic, const std::vector<Actor>& actors, const std::map<GroupKey, Agg>& hour,
                       int64_t start, UsageDayResult& res) {
    std::string s;
    if (anthropic) {
        s += "{\"starting_at\":\"";
        fmt::appendTime(s, start, 0);
        s += "\",\"ending_at\":\"";
        fmt::appendTime(s, start + kHourUs, 0);
        s += "\",\"results\":[";
    } else {
        s += "{\"object\":\"bucket\",\"start_time\":";
        fmt::appendInt(s, start / 1'000'000);
        s += ",\"end_time\":";
        fmt::appendInt(s, (start + kHourUs) / 1'000'000);
        s += ",\"results\":[";
    }
    bool first = true;
    for (const auto& [key, g] : hour) {
        const auto& [keyId, actorIndex, keyIndex, model] = key;
        const Actor& a = actors[static_cast<size_t>(actorIndex)];
        const int project = a.keys[static_cast<size_t>(keyIndex)].project;
        res.keysSeen.emplace_back(actorIndex, keyIndex);
        res.projectsSeen.emplace_back(actorIndex, project);
        if (!first) s.push_back(',');
        first = false;
        appendResult(s, anthropic, a, keyId, project, model, g);
        ++res.bucketRows;
    }
    if (first) ++res.bucketRows;   // an empty bucket is kept as one row
    s += "]}";
    return s;
}

// A page of buckets; `token` names the next page, none on the report's last.
std::string pageJson(bool anthropic, const std::vector<std::string>& buckets, size_t from, size_t to, bool more,
                     uint64_t token) {
    std::string s = anthropic ? "{\"data\":[" : "{\"object\":\"page\",\"data\":[";
    for (size_t i = from; i < to; ++i) {
        if (i > from) s.push_back(',');
        s += buckets[i];
    }
    s += "],\"has_more\":";
    if (!more) return s + "false,\"next_page\":null}\n";
    s += "true,\"next_page\":\"page_";
    s += fmt::hexId(token, token / 86'400'000'000LL + 1, anthropic ? 0xA7 : 0x0A, 12);
    return s + "\"}\n";
}

} // namespace

UsageDayResult writeUsageDay(bool anthropic, const std::vector<Actor>& actors, const std::vector<Event>& events,
                             int64_t dayStartUs, bool lastDay, OutFile& out) {
    const auto hours = aggregateHours(anthropic, actors, events, dayStartUs);
    UsageDayResult res;
    std::vector<std::string> buckets;
    size_t bytes = 0;
    for (int h = 0; h < 24; ++h) {
        buckets.push_back(bucketJson(anthropic, actors, hours[static_cast<size_t>(h)], dayStartUs + h * kHourUs, res));
        bytes += buckets.back().size();
    }
    const uint64_t dayToken = static_cast<uint64_t>(dayStartUs);
    if (bytes <= kMaxPageBytes) {
        out.write(pageJson(anthropic, buckets, 0, buckets.size(), !lastDay, dayToken));
        return res;
    }
    for (size_t h = 0; h < buckets.size(); ++h) {
        const bool last = lastDay && h + 1 == buckets.size();
        out.write(pageJson(anthropic, buckets, h, h + 1, !last, dayToken + h + 1));
    }
    return res;
}

} // namespace siphon::generate
