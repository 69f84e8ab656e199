#pragma once
// The parse side of an import: reads one file, picks (or is given) its reader, and pushes
// chunks of normalised records to the writer. Runs on its own thread; never touches SQLite.
#include "ingest/batch.h"
#include "ingest/byte_source.h"
#include "ingest/format_reader.h"
#include "ingest/import_types.h"
#include "ingest/rollup_builder.h"

#include <functional>
#include <future>
#include <memory>
#include <string>

namespace siphon::ingest {

class InputBuffer;

struct FormatDecision {
    std::string format;            // reader id
    std::string hintsJson;         // compression, layout, wrappers
    std::optional<Error> error;    // no reader matched, unreadable input, ...
};

class ParseWorker final : public RecordSink {
public:
    // Records at or before skipThroughOffset were committed by an earlier, interrupted run.
    ParseWorker(std::string path, const ImportOptions& options, std::string format, int64_t skipThroughOffset,
                BatchQueue& queue);
    ~ParseWorker() override;

    void run();   // thread body
    std::future<FormatDecision> decision() { return decision_.get_future(); }
    // Valid after run() returned: damage found after the format was decided (e.g. truncated gzip).
    const std::optional<Error>& lateError() const { return lateError_; }
    // Valid after run() read the file to its end: the bytes read, hashed (see ByteSource::finish).
    const std::optional<ReadIdentity>& readIdentity() const { return readIdentity_; }

    void onRequest(RequestRecord&& record, const RawRecord& raw) override;
    void onBucket(BucketRecord&& bucket, const RawRecord& raw) override;
    void onReject(const RawRecord& raw, std::string reason) override;

private:
    std::optional<FormatReader::Kind> inputKind(InputBuffer& in, std::unique_ptr<FormatReader>& forced);
    bool decideJson(std::unique_ptr<JsonFormatReader>& reader, simdjson::dom::element el, const RawRecord& raw,
                    const std::function<std::string()>& hints);
    // Each returns true when its framer read the whole input (not cancelled, not stopped).
    bool readJson(InputBuffer& in, const std::string& compression, std::unique_ptr<JsonFormatReader> reader);
    bool readCsv(InputBuffer& in, const std::string& compression, std::unique_ptr<CsvFormatReader> reader);
    bool decide(const std::string& hints);
    void fail(Error e);
    bool endRecord(const RawRecord& raw);   // closes one input record; pushes full batches
    // A chunk ending a transaction also carries the rollup sums counted since the last chunk that
    // did; so does one with handOverRollups.
    bool flush(bool endTransaction, bool handOverRollups = false);
    bool skipped(const RawRecord& raw) const { return raw.offset <= skipThrough_; }
    void onBytesRead(std::string_view bytes);
    void keepBytesOf(const RawRecord& raw);
    void cutBlock(int64_t end);               // stores the captured bytes before `end` as a block   // a record that will be stored: its bytes go into blocks

    std::string path_;
    const ImportOptions& options_;
    std::string format_;
    int64_t skipThrough_;
    BatchQueue& queue_;
    std::promise<FormatDecision> decision_;
    bool decided_ = false;
    bool decisionFailed_ = false;
    std::optional<Error> lateError_;
    std::optional<ReadIdentity> readIdentity_;
    std::string formatId_;
    std::string keyScratch_, normScratch_;
    Batch batch_;
    SourceCapture capture_;
    bool captureStarted_ = false;
    int64_t lastRecordEnd_ = 0;
    RollupBuilder rollups_;
    size_t txRows_ = 0, txBytes_ = 0;   // pushed in chunks of the open transaction
    bool txOpen_ = false;
    std::function<uint64_t()> storedProbe_;
};

} // namespace siphon::ingest
