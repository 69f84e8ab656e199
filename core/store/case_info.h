#pragma once
// Counts that describe a case: what `siphon-cli info` prints and the GUI status bar shows.
#include "store/database.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace siphon::store {

struct SourceInfo {
    int64_t id = 0;
    std::string path;
    std::string sha256;
    int64_t sizeBytes = 0;
    std::string format;
    std::string formatHints;
    int64_t importedAtUs = 0;
    int64_t records = 0, requests = 0, buckets = 0, rejects = 0, duplicates = 0, conflicts = 0;
    int64_t joined = 0;   // of its records, CloudTrail events joined into another file's request
    bool complete = false;
};

// A path a folder import did not read (store: skipped_input), with the latest reason given.
struct SkippedPathInfo {
    std::string path;
    std::string reason;
};

// The CloudTrail <-> Bedrock join (ingest/bedrock_join.h): calls both logs describe, and the
// CloudTrail events left as requests of their own (failed and throttled calls, which the
// invocation log does not record, by error code; '' for events without one).
struct JoinInfo {
    int64_t joined = 0;
    int64_t cloudtrailOnly = 0;
    std::map<std::string, int64_t> cloudtrailOnlyByError;
};

struct CaseInfo {
    int schemaVersion = 0;
    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;
    int64_t duplicates = 0;
    int64_t conflicts = 0;
    int64_t firstUs = 0, lastUs = 0;   // request time span (0 when none)
    std::map<std::string, int64_t> entities;   // level name -> distinct count
    std::vector<SourceInfo> sources;
    std::vector<SkippedPathInfo> skipped;   // distinct paths, in path order
    JoinInfo join;
};

Result<CaseInfo> loadCaseInfo(const Database& db);
Result<std::vector<SourceInfo>> loadSources(const Database& db);
Result<std::vector<SkippedPathInfo>> loadSkippedPaths(const Database& db);
Result<JoinInfo> loadJoinInfo(const Database& db);

} // namespace siphon::store
