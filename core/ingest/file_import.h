#pragma once
// The import of one file (used by importer.cpp): its source row, its parse and compression
// threads, and the batches it writes. Internal to core/ingest.
#include "ingest/background_checkpoint.h"
#include "ingest/batch_writer.h"
#include "ingest/import_types.h"
#include "store/database.h"

#include <string>

namespace siphon::ingest {

// Imports one file. Case-level failures are returned as Error; file-level ones go in the result's
// error. `cancelled` is set when the caller's cancel flag or progress callback stopped the import.
Result<FileImportResult> importOne(store::Database& db, const std::string& path, const ImportOptions& options,
                                   ImportProgress& progress, bool& cancelled, BackgroundCheckpoint& checkpoint,
                                   MemoryDedup& dedup);

} // namespace siphon::ingest
