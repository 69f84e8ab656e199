#pragma once
// Deterministic synthetic LLM-API traffic with ground truth, for tests, benchmarks and the demo.
//
// The same options always give byte-identical output: there is no wall clock, no unordered
// iteration and no std:: distribution (their output differs between standard libraries); every
// random draw comes from a seeded xoshiro256** stream.
//
// Layout written under outDir:
//   logs/<format>/...      the log files (several per format: one per simulated day, split further
//                          when a day is large); bedrock_invocation is .jsonl.gz, aws_cloudtrail .json.gz
//   truth/labels.csv       level,entity_id,archetype,malicious,network_id,onset (one row per entity id
//                          as it appears in any written format; a logical entity that is rendered
//                          differently by two formats, e.g. an API key as key_… and AKIA…, has one row
//                          per rendering)
//   truth/campaigns.csv    level,entity_id,campaign for malicious entities (network id, pair id or
//                          solo-<account> for a lone actor)
//   truth/expected.json    per format: records, requests, buckets, rejects, duplicates, files (exactly
//                          what `siphon-cli import` must produce), per-format entity counts, and the
//                          union entity counts over the per-request formats
//   truth/faults.csv       (dirty only) file,line,kind — kind is reject_* or duplicate
#include "util/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace siphon::generate {

// Format ids, identical to the reader ids in core/ingest/readers.
inline const std::vector<std::string>& allFormats() {
    static const std::vector<std::string> f = {"generic_csv",       "generic_jsonl",  "bedrock_invocation",
                                               "aws_cloudtrail",    "azure_diag",     "litellm_spendlogs",
                                               "openai_usage",      "anthropic_usage"};
    return f;
}

// 2026-01-05T00:00:00Z, a Monday.
constexpr int64_t kDefaultStartUs = 1767571200LL * 1'000'000;

struct GenerateOptions {
    std::string outDir;
    uint64_t seed = 1;
    int accounts = 200;
    int days = 14;
    std::vector<std::string> formats = {"generic_csv"};   // ids from allFormats()
    bool dirty = false;
    int64_t startUs = kDefaultStartUs;                     // floored to a UTC midnight
    // Per-request records per file before a day's file is split into parts.
    int maxRecordsPerFile = 100000;
};

struct FormatCounts {
    int64_t records = 0;      // input records the importer sees: requests + rejects + duplicates, or for
                              // the usage reports the number of time buckets (data[] elements)
    int64_t requests = 0;
    int64_t buckets = 0;      // usage_bucket rows: one per result row, one per empty time bucket
    int64_t rejects = 0;
    int64_t duplicates = 0;
    int64_t files = 0;
    std::map<std::string, int64_t> entities;   // level -> distinct ids (per-request formats only)
};

struct GeneratedFile {
    std::string path;         // relative to outDir
    std::string format;
    int64_t records = 0;
};

struct GenerateSummary {
    std::vector<GeneratedFile> files;
    std::map<std::string, FormatCounts> formats;
    std::map<std::string, int64_t> entities;   // union over the per-request formats written
    int64_t simulatedRequests = 0;             // calls simulated (before rendering into formats)
    int64_t faults = 0;
    int64_t labelRows = 0;
};

// Validates options (unknown format, non-positive sizes → ErrorCode::Usage), writes everything,
// returns what was written. Creates outDir if needed; existing files of the same names are replaced.
Result<GenerateSummary> generate(const GenerateOptions& options);

} // namespace siphon::generate
