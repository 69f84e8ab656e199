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

} // namespace

UsageDayResult writeUsageDay(bool anthropic, const std::vector<Actor>& actors, const std::vector<Event>& events,
                             int64_t dayStartUs, bool lastDay, OutFile& out) {
    constexpr int64_t kHourUs = 3'600'000'000LL;
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
    UsageDayResult res;
    std::string s;
    s.reserve(1 << 16);
    s = anthropic ? "{\"data\":[" : "{\"object\":\"page\",\"data\":[";
    for (int h = 0; h < 24; ++h) {
        const int64_t start = dayStartUs + h * kHourUs;
        if (h > 0) s.push_back(',');
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
        for (const auto& [key, g] : hours[static_cast<size_t>(h)]) {
            const auto& [keyId, actorIndex, keyIndex, model] = key;
            const Actor& a = actors[static_cast<size_t>(actorIndex)];
            const int project = a.keys[static_cast<size_t>(keyIndex)].project;
            res.keysSeen.emplace_back(actorIndex, keyIndex);
            res.projectsSeen.emplace_back(actorIndex, project);
            if (!first) s.push_back(',');
            first = false;
            if (anthropic) {
                s += "{\"api_key_id\":\"" + keyId + "\",\"workspace_id\":\"" +
                     a.projects[static_cast<size_t>(project)].anthropic + "\",\"model\":\"";
                s += models()[static_cast<size_t>(model)].anthropic;
                s += "\",\"service_tier\":null,\"context_window\":null,\"uncached_input_tokens\":";
                fmt::appendInt(s, g.input - g.cached);
                s += ",\"cache_read_input_tokens\":";
                fmt::appendInt(s, g.cached);
                s += ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},"
                     "\"output_tokens\":";
                fmt::appendInt(s, g.output);
                s += ",\"server_tool_use\":{\"web_search_requests\":0}}";
            } else {
                s += "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":";
                fmt::appendInt(s, g.input);
                s += ",\"input_cached_tokens\":";
                fmt::appendInt(s, g.cached);
                s += ",\"output_tokens\":";
                fmt::appendInt(s, g.output);
                s += ",\"input_audio_tokens\":0,\"output_audio_tokens\":0,\"num_model_requests\":";
                fmt::appendInt(s, g.requests);
                s += ",\"project_id\":\"" + a.projects[static_cast<size_t>(project)].generic +
                     "\",\"user_id\":null,\"api_key_id\":\"" + keyId + "\",\"model\":\"";
                s += models()[static_cast<size_t>(model)].openai;
                s += "\",\"batch\":null,\"service_tier\":null}";
            }
            ++res.bucketRows;
        }
        if (first) ++res.bucketRows;   // an empty bucket is kept as one row
        s += "]}";
    }
    s += "],\"has_more\":";
    if (lastDay) {
        s += "false,\"next_page\":null}\n";
    } else {
        s += "true,\"next_page\":\"page_";
        s += fmt::hexId(static_cast<uint64_t>(dayStartUs), static_cast<uint64_t>(dayStartUs / 86'400'000'000LL + 1),
                        anthropic ? 0xA7 : 0x0A, 12);
        s += "\"}\n";
    }
    out.write(s);
    return res;
}

} // namespace siphon::generate
