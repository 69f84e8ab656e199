#pragma once
// What an import is asked to do and what it reports back.
#include "ingest/format_reader.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace siphon::ingest {

struct ImportProgress {
    std::string path;
    int fileIndex = 0;              // 0-based
    int fileCount = 0;
    uint64_t storedBytesRead = 0;   // of the current file on disk
    uint64_t storedBytesTotal = 0;
    uint64_t allBytesRead = 0;      // over all files
    uint64_t allBytesTotal = 0;
    int64_t records = 0;            // records of the current file so far
    int64_t rejects = 0;
};

struct ImportOptions {
    std::string format = "auto";    // a reader id, or "auto" to sniff
    std::string author = "siphon";  // recorded in the audit log for each file
    ImportSettings settings;
    // One transaction ("batch") covers at most this many rows or record bytes; a killed import
    // loses at most the batch in flight and resumes after the last committed one. Large batches
    // keep the rollup upserts and the pages rewritten per commit few.
    size_t batchRows = 100000;
    size_t batchBytes = 256u << 20;
    // The parse thread hands its rollup sums to the writer whenever they reach this many keys
    // (about 48 bytes each there, a few hundred across the pipeline): bounds memory for sparse
    // traffic, where nearly every request opens keys of its own. The transaction goes on: it ends
    // at batchRows / batchBytes (on narrow logs the cap used to end it every ~18,000 requests).
    // 120,000 rather than the 180,000 that used to end transactions: on a 300k-row narrow file
    // both less CPU (hand-overs are cheap now, smaller tables stay in cache) and ~15 MB less RSS.
    size_t maxRollupKeys = 120'000;
    // The parse thread hands records to the writer in chunks this size: bounds memory in flight.
    size_t chunkRows = 2048;
    size_t chunkBytes = 2u << 20;
    size_t maxRecordBytes = 64u << 20;
    // An import into an empty case deduplicates in memory up to this many rows, then builds its
    // dedup index and goes on with it (see dedup_index.h). At the default the set takes at most
    // 1.4M / 0.75 slots of 20 bytes (37 MB).
    size_t maxKeysInMemory = 1'400'000;
    // Entity and model names whose case ids a run keeps (ingest/entity_id_cache.h): about 100 bytes
    // each, so at most ~40 MB; names past the cap are resolved in SQL per file instead.
    size_t maxCachedNames = 400'000;
    // Called after each chunk written, on the importing thread. Return false to cancel.
    std::function<bool(const ImportProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct FileImportResult {
    std::string path;
    std::string sha256;
    std::string format;
    int64_t sourceId = -1;
    int64_t records = 0;
    int64_t requests = 0;
    int64_t buckets = 0;
    int64_t rejects = 0;
    int64_t duplicates = 0;
    int64_t conflicts = 0;
    bool alreadyImported = false;   // identical file was imported before: nothing added
    bool resumed = false;           // an interrupted import of this file was continued
    bool complete = false;
    std::optional<Error> error;     // file-level failure (unknown format, damaged input, ...)
    double seconds = 0;
};

// A path a folder walk did not import, and why (recorded in the case: skipped_input).
struct SkippedInput {
    std::string path;
    std::string reason;
};

// What the CloudTrail <-> Bedrock join pass of a run did (ingest/bedrock_join.h).
struct BedrockJoinSummary {
    int64_t joined = 0;       // CloudTrail events joined into their invocation's request
    int64_t duplicates = 0;   // copies of an event already joined (listed in `duplicate`)
    // events that match a call but stay rows of their own (tagged, in a conflict, or a second event for it)
    int64_t keptApart = 0;
    bool any() const { return joined + duplicates + keptApart > 0; }
};

struct ImportSummary {
    std::vector<FileImportResult> files;
    std::vector<SkippedInput> skipped;
    bool cancelled = false;
    BedrockJoinSummary join;   // what the run's CloudTrail <-> Bedrock join pass did
    bool anyFailed() const {
        for (const auto& f : files)
            if (f.error) return true;
        return false;
    }
};

} // namespace siphon::ingest
