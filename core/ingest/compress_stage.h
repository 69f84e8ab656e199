#pragma once
// The stage between the parse thread and the writer that compresses each chunk's source blocks.
// A thread of its own, so the operating system spreads parsing, compression and SQLite over the
// cores as each input needs (CSV parsing is light, JSON heavy; the writer is the one SQLite thread).
#include "ingest/batch.h"

namespace siphon::ingest {

// Thread body: pops chunks from `parsed`, compresses their blocks, pushes them to `ready`; closes
// `ready` at the end. When the writer aborts `ready`, aborts `parsed` so the parser stops too.
void compressBlocks(BatchQueue& parsed, BatchQueue& ready);

} // namespace siphon::ingest
