#pragma once
// What an export is about: the case's active tags turned into numbered exhibits, each with its
// records (with provenance and the raw source bytes), its finding (scores, reasons, features,
// counts) and an hourly series for its chart. Plain structs; read-only queries.
//
// Records per tag: entity -> all its requests; range -> the entity's requests in [from, to);
// request -> that row; cluster -> all requests of every member. Never capped here.
#include "evidence/tags.h"
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

// The second log record of one call, joined into its row at import (a CloudTrail event joined to
// its Bedrock invocation record): cited and exported beside the row's own record.
struct JoinedSource {
    std::string sourceName, sourceSha256, sourceFormat;
    int64_t sourceFileId = 0, line = 0, byteOffset = 0, byteLength = 0;
    std::string raw;               // the exact original record bytes
};

struct EvidenceRecord {
    int64_t recordNo = 0;          // 1-based within its exhibit: cited as "EX-001/17"
    int64_t requestRowId = 0;
    int64_t tsUs = 0;
    std::string orgId, projectId, apiKeyId, principal, sourceIp, userAgent, model, endpoint, requestId;
    std::optional<int64_t> inputTokens, outputTokens, statusCode;
    bool hasContent = false;
    std::string prompt, response;
    std::string sourceName, sourceSha256, sourceFormat;
    int64_t sourceFileId = 0, line = 0, byteOffset = 0, byteLength = 0;
    std::string raw;               // the exact original record bytes
    std::optional<JoinedSource> joined;
};

struct FeatureLine {
    std::string feature, sentence;
    std::optional<double> value, baseline, robustZ;
    double contribution = 0;
};

struct EntityFinding {
    EntityLevel level = EntityLevel::Account;
    std::string entity;
    bool scored = false;
    double score = 0;
    bool flagged = false;
    std::optional<int64_t> clusterId, onsetUs;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0, firstSeenUs = 0, lastSeenUs = 0;
    std::vector<std::string> reasons;   // entity_score.reasons split on "; "
    std::vector<FeatureLine> features;  // by contribution, largest first
};

struct HourPoint {
    int64_t hourUs = 0;
    int64_t requests = 0, inputTokens = 0, outputTokens = 0;
};

struct Exhibit {
    std::string number;                 // "EX-001", by tag id order
    Tag tag;
    std::vector<EvidenceRecord> records;
    int64_t inputTokens = 0, outputTokens = 0;   // over records
    int64_t firstUs = 0, lastUs = 0;
    std::vector<EntityFinding> findings;          // entity/range: one; cluster: its members; request: none
    std::string clusterReasons;                   // cluster tags
    double clusterScore = 0;
    std::vector<HourPoint> series;                // hourly, summed over models (and members)
    std::optional<int64_t> markFromUs, markToUs, onsetUs;   // shading/marks for the chart
};

struct AnalysisInfo {
    bool present = false;
    int64_t runId = 0;
    std::string level, configVersion, configJson;
    // analysis_run.started_at_us, which despite its name is written when the run's results are
    // (its end): the report calls it the time the results were recorded.
    int64_t recordedAtUs = 0;
    int64_t entities = 0, requests = 0;
    // When the run scored entities from a warehouse extract (warehouse mode): how many, and the
    // extract's provenance in words (engine, server version, rows, query and result SHA-256,
    // times); empty otherwise. Read from the run's "analyze" audit entry.
    std::string warehouseExtract;
};

struct EvidenceSet {
    std::vector<Exhibit> exhibits;
    AnalysisInfo analysis;
};

Result<EvidenceSet> collectEvidence(const store::Database& db);

// The records a tag covers, as a WHERE condition over `request r` with parameters ?1..?5 (bound by
// bindTagRecords); a cluster's members are read from `<schema>cluster_member` at clusterLevel (the
// cluster's). Shared by collectEvidence and the review case, so both take the same records.
std::string tagRecordsWhere(const TagTarget& t, EntityLevel clusterLevel, const std::string& schema = {});
void bindTagRecords(store::Statement& st, const TagTarget& t);

} // namespace siphon::evidence
