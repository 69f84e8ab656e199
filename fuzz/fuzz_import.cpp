// libFuzzer target: the parse side of a real import, as `siphon-cli import` runs it on a file it
// has never seen: ParseWorker sniffs compression and format, picks a reader and turns records
// into batches (rollups, dedup hashes, rejects), everything except the SQLite writer. The other
// targets fuzz each layer alone; this one fuzzes how they are wired together.
#include "fuzz_common.h"

#include "ingest/batch.h"
#include "ingest/format_reader.h"
#include "ingest/parse_worker.h"

using namespace siphon;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".log");
    ingest::ImportOptions options;
    options.maxRecordBytes = 1 << 20;   // small cap so the over-long path is reachable
    options.batchRows = 64;             // several batches per input
    ingest::BatchQueue queue(1 << 16);  // never full for inputs of this size: run() cannot block
    ingest::ParseWorker worker(path, options, "auto", -1, queue);
    auto decision = worker.decision();
    worker.run();
    queue.close();
    const ingest::FormatDecision d = decision.get();
    if (!d.error && !ingest::makeReader(d.format)) fuzz::contractBreach("sniffing chose an unknown reader: " + d.format);
    if (d.error && d.error->message.empty()) fuzz::contractBreach("format decision failed without a message");
    int64_t rows = 0;
    while (auto batch = queue.pop())
        rows += static_cast<int64_t>(batch->requests.size() + batch->buckets.size());
    if (d.error && rows > 0) fuzz::contractBreach("records emitted although no format was decided");
    return 0;
}
