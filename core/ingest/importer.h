#pragma once
// The import pipeline: for each input file (directories are walked recursively, in name order;
// see input_walk.h for what is skipped, which the case records), hash it, skip it if already
// imported, sniff or take its format, then parse on a worker thread while this thread writes
// batches in transactions. Every record ends imported, deduplicated (with a pointer to its first
// copy) or rejected (with line, offset, reason and bytes).
// A killed import leaves the file marked incomplete; importing it again resumes it. A file that
// changes while it is read (truncated, appended to, rewritten, replaced) also stays incomplete,
// and its source row records the SHA-256 and size of the bytes actually read.
#include "ingest/import_types.h"
#include "store/database.h"

#include <string>
#include <vector>

namespace siphon::ingest {

// Expands directories into their regular files (recursive, sorted; skipped paths are dropped,
// walkInputs lists them). Missing paths are an error.
Result<std::vector<std::string>> expandInputs(const std::vector<std::string>& paths);

// The reader id auto-detection would choose for one file, from its first records only (no import).
// Errors as for import: unreadable, empty, or no reader matches (the message names those tried).
Result<std::string> detectFormat(const std::string& path, const ImportSettings& settings = {});

// db must be a writer connection from store::openCase. Thread: the caller's, for the whole call.
// Returns an Error only for case-level failures (database, full disk, "case is busy" when another
// process writes); per-file failures are in the summary.
Result<ImportSummary> importFiles(store::Database& db, const std::vector<std::string>& paths,
                                  const ImportOptions& options);

} // namespace siphon::ingest
