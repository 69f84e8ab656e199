#include "generate/truth.h"

#include "generate/fmt.h"

#include <cstdio>
#include <filesystem>

namespace siphon::generate {

const char* levelName(int level) {
    static const char* names[] = {"account", "project", "key", "user", "ip"};
    return level >= 0 && level < 5 ? names[level] : "?";
}

namespace {

Status writeText(const std::string& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return makeError(ErrorCode::Io, "cannot create file", path);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok) return makeError(ErrorCode::Io, "write failed", path);
    return {};
}

void appendEntities(std::string& s, const std::map<std::string, int64_t>& entities) {
    s += "{";
    bool first = true;
    for (const char* level : {"account", "project", "key", "user", "ip"}) {
        auto it = entities.find(level);
        s += first ? "" : ", ";
        first = false;
        s += "\"";
        s += level;
        s += "\": ";
        fmt::appendInt(s, it == entities.end() ? 0 : it->second);
    }
    s += "}";
}

// One row per entity id as a format writes it: the actor's archetype, whether it is malicious,
// its network and, for a turncoat, when it turned.
std::string labelsCsv(const std::vector<Actor>& actors, const LabelMap& labels) {
    std::string csv = "level,entity_id,archetype,malicious,network_id,onset\n";
    for (const auto& [key, actorIndex] : labels) {
        const Actor& a = actors[static_cast<size_t>(actorIndex)];
        csv += levelName(key.first);
        csv.push_back(',');
        fmt::appendCsv(csv, key.second);
        csv.push_back(',');
        csv += archetypeName(a.archetype);
        csv += a.malicious() ? ",1," : ",0,";
        csv += a.networkId;
        csv.push_back(',');
        if (a.onsetUs >= 0) fmt::appendTime(csv, a.onsetUs, 0);
        csv.push_back('\n');
    }
    return csv;
}

// Which operation each malicious entity belongs to: a network's members share its id; a lone
// actor is a campaign of its own. The benchmark scores clusters against these.
std::string campaignsCsv(const std::vector<Actor>& actors, const LabelMap& labels) {
    std::string camp = "level,entity_id,campaign\n";
    for (const auto& [key, actorIndex] : labels) {
        const Actor& a = actors[static_cast<size_t>(actorIndex)];
        if (a.campaign.empty()) continue;
        camp += levelName(key.first);
        camp.push_back(',');
        fmt::appendCsv(camp, key.second);
        camp.push_back(',');
        camp += a.campaign;
        camp.push_back('\n');
    }
    return camp;
}

void appendGeneratorOptions(std::string& j, const GenerateOptions& options, const GenerateSummary& summary) {
    j += "\"generator\": {\"seed\": ";
    fmt::appendInt(j, static_cast<int64_t>(options.seed));
    j += ", \"accounts\": ";
    fmt::appendInt(j, options.accounts);
    j += ", \"days\": ";
    fmt::appendInt(j, options.days);
    j += ", \"start\": \"";
    fmt::appendTime(j, options.startUs, 0);
    j += std::string("\", \"dirty\": ") + (options.dirty ? "true" : "false") + ", \"simulated_calls\": ";
    fmt::appendInt(j, summary.simulatedRequests);
    j += "}";
}

void appendFormatCounts(std::string& j, const GenerateSummary& summary) {
    j += "\"formats\": {";
    bool first = true;
    for (const auto& [name, c] : summary.formats) {
        j += first ? "\n" : ",\n";
        first = false;
        j += "    \"" + name + "\": {\"records\": ";
        fmt::appendInt(j, c.records);
        j += ", \"requests\": ";
        fmt::appendInt(j, c.requests);
        j += ", \"buckets\": ";
        fmt::appendInt(j, c.buckets);
        j += ", \"rejects\": ";
        fmt::appendInt(j, c.rejects);
        j += ", \"duplicates\": ";
        fmt::appendInt(j, c.duplicates);
        j += ", \"files\": ";
        fmt::appendInt(j, c.files);
        j += ", \"entities\": ";
        appendEntities(j, c.entities);
        j += "}";
    }
    j += "\n  }";
}

// What `siphon-cli import` must report for the generated files, and how many actors there are.
std::string expectedJson(const GenerateOptions& options, const std::vector<Actor>& actors,
                         const GenerateSummary& summary) {
    std::string j = "{\n  ";
    appendGeneratorOptions(j, options, summary);
    j += ",\n  \"notes\": \"records = input records the importer sees: requests + rejects + duplicates for per-request "
         "formats, time buckets (data[] elements) for usage reports. buckets = usage_bucket rows (one per result row, "
         "one per empty time bucket). entities are distinct non-empty ids per level over valid per-request "
         "records only (as the importer's rollups count them): generic_* account_id/project_id/api_key_id/user_id/"
         "source_ip; bedrock accountId/identity.arn; cloudtrail recipientAccountId/accessKeyId/userIdentity.arn/"
         "sourceIPAddress; azure subscription (1:1 with resource group and account name)/resource group/objectId/"
         "masked /24; litellm organization_id/team_id/api_key/user/requester_ip_address. Bucket formats list the "
         "key and project ids of their results.\",\n  ";
    appendFormatCounts(j, summary);
    j += ",\n  \"entities\": ";
    appendEntities(j, summary.entities);
    int64_t malicious = 0;
    for (const Actor& a : actors) malicious += a.malicious() ? 1 : 0;
    j += ",\n  \"actors\": {\"accounts\": ";
    fmt::appendInt(j, static_cast<int64_t>(actors.size()));
    j += ", \"malicious\": ";
    fmt::appendInt(j, malicious);
    j += "}\n}\n";
    return j;
}

// Dirty runs list every fault; a clean run removes the list an earlier dirty run left.
Status writeFaults(const GenerateOptions& options, const std::vector<FaultRow>& faults, const std::string& path) {
    if (!options.dirty) {
        std::error_code ec;
        std::filesystem::remove(path, ec);   // a clean run must not leave an old fault list behind
        return {};
    }
    std::string f = "file,line,kind\n";
    for (const FaultRow& r : faults) {
        fmt::appendCsv(f, r.file);
        f.push_back(',');
        fmt::appendInt(f, r.line);
        f.push_back(',');
        f += r.kind;
        f.push_back('\n');
    }
    return writeText(path, f);
}

} // namespace

Status writeTruth(const GenerateOptions& options, const std::vector<Actor>& actors, const LabelMap& labels,
                  const std::vector<FaultRow>& faults, const GenerateSummary& summary) {
    const std::string dir = options.outDir + "/truth";
    if (Status s = writeText(dir + "/labels.csv", labelsCsv(actors, labels)); !s) return s;
    if (Status s = writeText(dir + "/campaigns.csv", campaignsCsv(actors, labels)); !s) return s;
    if (Status s = writeText(dir + "/expected.json", expectedJson(options, actors, summary)); !s) return s;
    return writeFaults(options, faults, dir + "/faults.csv");
}

} // namespace siphon::generate
