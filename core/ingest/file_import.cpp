#include "ingest/file_import.h"

#include "ingest/compress_stage.h"
#include "ingest/parse_worker.h"
#include "util/hash.h"
#include "util/time_util.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <malloc.h>
#include <pthread.h>
#include <thread>

namespace siphon::ingest {

namespace fs = std::filesystem;

namespace {

struct ExistingSource {
    int64_t id = -1;
    bool complete = false;
    std::string format;
    int64_t committedOffset = -1;
};

Result<bool> sourceOfSizeExists(store::Database& db, uint64_t size) {
    auto st = db.prepare("SELECT EXISTS(SELECT 1 FROM source_file WHERE size_bytes = ?1)");
    if (!st) return st.error();
    st->bind(1, static_cast<int64_t>(size));
    if (st->step() != store::StepResult::Row) return db.lastError("source sizes");
    return st->columnInt(0) != 0;
}

Result<ExistingSource> findSource(store::Database& db, const std::string& sha) {
    auto st = db.prepare("SELECT id, complete, format, committed_offset FROM source_file WHERE sha256 = ?1");
    if (!st) return st.error();
    st->bind(1, sha);
    ExistingSource e;
    if (st->step() == store::StepResult::Row) {
        e.id = st->columnInt(0);
        e.complete = st->columnInt(1) != 0;
        e.format = st->columnText(2);
        e.committedOffset = st->columnInt(3);
    }
    return e;
}

Result<int64_t> createSource(store::Database& db, const std::string& path, const std::string& sha, uint64_t size,
                             const FormatDecision& decision, const ImportOptions& options, int64_t id = -1) {
    auto st = db.prepare(
        "INSERT INTO source_file(path, display_name, sha256, size_bytes, format, format_hints, org_id_hint,"
        " importer_version, imported_at_us, id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
    if (!st) return st.error();
    if (id > 0) st->bind(10, id);   // else NULL: the next rowid
    st->bind(1, path).bind(2, fs::path(path).filename().string()).bind(3, sha).bind(4, static_cast<int64_t>(size));
    st->bind(5, decision.format).bind(6, decision.hintsJson).bindTextOrNull(7, options.settings.orgIdHint);
    st->bind(8, std::string("siphon ") + SIPHON_VERSION).bind(9, timeutil::nowUs());
    if (Status s = st->run(); !s) return s.error();
    return db.lastInsertRowId();
}

Result<FileImportResult> readTotals(store::Database& db, int64_t id, FileImportResult r) {
    auto st = db.prepare("SELECT records, requests, buckets, rejects, duplicates, conflicts, complete, format"
                         " FROM source_file WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    if (st->step() == store::StepResult::Row) {
        r.records = st->columnInt(0);
        r.requests = st->columnInt(1);
        r.buckets = st->columnInt(2);
        r.rejects = st->columnInt(3);
        r.duplicates = st->columnInt(4);
        r.conflicts = st->columnInt(5);
        r.complete = st->columnInt(6) != 0;
        r.format = st->columnText(7);
    }
    return r;
}

Error caseBusy() {
    return makeError(ErrorCode::Locked, "case is busy (another import is running): its new source took the id this "
                                        "import had chosen; run the imports one after another");
}

// Inside the first write transaction: the id chosen before it began is still free, or another
// import (another process) took it meanwhile.
Result<bool> sourceIdFree(store::Database& db, int64_t id) {
    auto st = db.prepare("SELECT NOT EXISTS(SELECT 1 FROM source_file WHERE id = ?1)");
    if (!st) return st.error();
    st->bind(1, id);
    if (st->step() != store::StepResult::Row) return db.lastError("source ids");
    return st->columnInt(0) != 0;
}

// The source row describes the bytes the import read. A file that changed while it was read
// (rotated, truncated, appended to, rewritten) gets the SHA-256 and size of what was read, and a
// file-level error that leaves it incomplete. Nothing when the file was not read to its end.
Result<std::optional<Error>> describeBytesRead(store::Database& db, int64_t sourceId, const ParseWorker& worker,
                                               uint64_t sizeAtStart, FileImportResult& result) {
    const auto& read = worker.readIdentity();
    if (!read || (read->sha256 == result.sha256 && read->bytes == sizeAtStart)) return std::optional<Error>{};
    auto st = db.prepare("UPDATE source_file SET sha256 = ?2, size_bytes = ?3 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, sourceId).bind(2, read->sha256).bind(3, static_cast<int64_t>(read->bytes));
    if (Status s = st->run(); !s) {
        if (s.error().code == ErrorCode::Locked) return s.error();
        return std::optional<Error>(makeError(
            ErrorCode::Io, "the file changed while it was imported, and the bytes read (SHA-256 " + read->sha256 +
                               ") cannot be recorded: " + s.error().message + "; the source is INCOMPLETE",
            result.path));
    }
    const std::string before = result.sha256;
    result.sha256 = read->sha256;
    if (read->change) return std::optional<Error>{};   // the worker reports it (lateError)
    return std::optional<Error>(makeError(
        ErrorCode::Io, "the file changed while it was imported: SHA-256 " + before + " (" +
                           std::to_string(sizeAtStart) + " bytes) when the import began, " + read->sha256 + " (" +
                           std::to_string(read->bytes) + " bytes) of the bytes read; the source is INCOMPLETE and "
                           "records the bytes read. Import it again once it is no longer written to",
        result.path));
}

// parse thread -> `parsed` -> compression thread -> `queue` -> the writer (the caller's thread).
// Destroying it (or join()) aborts both queues and joins both threads, however the import ends.
class ImportPipeline {
public:
    ImportPipeline(const std::string& path, const ImportOptions& options, const std::string& format,
                   int64_t skipThroughOffset)
        : worker_(path, options, format, skipThroughOffset, parsed_), decision_(worker_.decision()) {
        parser_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "siphon-parse");
            worker_.run();
        });
        compressor_ = std::thread([this] {
            pthread_setname_np(pthread_self(), "siphon-zstd");
            compressBlocks(parsed_, queue_);
        });
    }
    ~ImportPipeline() { join(); }
    ImportPipeline(const ImportPipeline&) = delete;
    ImportPipeline& operator=(const ImportPipeline&) = delete;

    FormatDecision decision() { return decision_.get(); }   // waits for the parse thread to decide
    std::optional<Batch> pop() { return queue_.pop(); }
    void retire(Batch&& batch) { parsed_.retire(std::move(batch)); }   // freed by the parse thread
    void stop() { queue_.abort(); }
    const ParseWorker& worker() const { return worker_; }
    void join() {
        queue_.abort();
        parsed_.abort();
        if (compressor_.joinable()) compressor_.join();
        if (parser_.joinable()) parser_.join();
    }

private:
    BatchQueue parsed_{4}, queue_{4};
    ParseWorker worker_;
    std::future<FormatDecision> decision_;
    std::thread parser_, compressor_;
};

// One file's import, as named steps over the state they share.
class FileImport {
public:
    FileImport(store::Database& db, const std::string& path, const ImportOptions& options, ImportProgress& progress,
               BackgroundCheckpoint& checkpoint, MemoryDedup& dedup)
        : db_(db), path_(path), options_(options), progress_(progress), checkpoint_(checkpoint), dedup_(dedup) {
        result_.path = path;
    }
    Result<FileImportResult> run(bool& cancelled);

private:
    Result<bool> identifyFile();
    bool unreadable();
    Result<FileImportResult> alreadyImported();
    Result<FileImportResult> undecided();
    Status prepareSourceRow();
    Status insertSource();
    Status writeSource();
    Status insertWholeSource();
    Status recordHash();
    Status writeBatches(ImportPipeline& pipeline, BatchWriter& writer, bool& cancelled);
    bool stopRequested() const;
    Result<FileImportResult> finish(const ParseWorker& worker, BatchWriter& writer, bool cancelled);
    Status settle(const ParseWorker& worker, BatchWriter& writer, bool cancelled,
                  const std::optional<Error>& readChange);
    Status markComplete(BatchWriter& writer);

    store::Database& db_;
    const std::string& path_;
    const ImportOptions& options_;
    ImportProgress& progress_;
    BackgroundCheckpoint& checkpoint_;
    MemoryDedup& dedup_;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

    FileImportResult result_;
    uint64_t size_ = 0;
    std::future<std::string> hashLater_;   // valid while the SHA-256 is computed on its own thread
    ExistingSource existing_;
    FormatDecision decision_;
    int64_t sourceId_ = -1;
    // A source row deferred until the hash is known: the id chosen for it, and how far it got.
    int64_t deferredId_ = -1;
    bool sourceInserted_ = true, sourceWritten_ = true;
    uint64_t allBytesBefore_ = 0;   // progress.allBytesRead when this file began
};

Result<FileImportResult> FileImport::run(bool& cancelled) {
    auto identified = identifyFile();
    if (!identified) return identified.error();
    if (!*identified) return result_;
    if (existing_.id >= 0 && existing_.complete) return alreadyImported();
    result_.resumed = existing_.id >= 0;
    ImportPipeline pipeline(path_, options_, result_.resumed ? existing_.format : options_.format,
                            existing_.committedOffset);
    decision_ = pipeline.decision();
    if (decision_.error) return undecided();
    if (Status s = prepareSourceRow(); !s) return s.error();
    BatchWriter writer(db_, sourceId_, decision_.format, &dedup_);
    if (!sourceWritten_)
        writer.setTransactionHooks([this] { return insertSource(); }, [this] { return writeSource(); });
    if (Status s = writer.prepare(); !s) return s.error();
    if (Status s = writeBatches(pipeline, writer, cancelled); !s) return s.error();
    pipeline.join();
    return finish(pipeline.worker(), writer, cancelled);
}

// Its size, its SHA-256 and the source row it already has. A file whose size no source has cannot
// have been imported, even in part: its import starts at once and its SHA-256 is computed
// meanwhile on a thread of its own. The source row, which holds the hash, is written with the
// first commit (the writer waits for the hash there). False: a file-level error, in result_.
Result<bool> FileImport::identifyFile() {
    std::error_code ec;
    size_ = fs::file_size(path_, ec);
    if (ec) return unreadable();
    auto sameSize = sourceOfSizeExists(db_, size_);
    if (!sameSize) return sameSize.error();
    if (!*sameSize) {
        hashLater_ = std::async(std::launch::async, [path = path_] {
            pthread_setname_np(pthread_self(), "siphon-sha256");
            return sha256File(path);
        });
        return true;
    }
    result_.sha256 = sha256File(path_);
    if (result_.sha256.empty()) return unreadable();
    auto existing = findSource(db_, result_.sha256);
    if (!existing) return existing.error();
    existing_ = *existing;
    return true;
}

bool FileImport::unreadable() {
    result_.error = makeError(ErrorCode::Io, "cannot read input file", path_);
    return false;
}

Result<FileImportResult> FileImport::alreadyImported() {
    auto r = readTotals(db_, existing_.id, result_);
    if (!r) return r.error();
    r->alreadyImported = true;
    r->sourceId = existing_.id;
    return r;
}

// No reader took the file, or it could not be read: a file-level error.
Result<FileImportResult> FileImport::undecided() {
    result_.error = decision_.error;
    if (hashLater_.valid()) result_.sha256 = hashLater_.get();   // the audit log names the file by it
    return result_;
}

// A resumed source keeps its row, and a new one whose hash is known gets its row now. While the
// hash is computed, the row is inserted in the first transaction with a placeholder and given its
// hash before that transaction commits (so no placeholder is ever committed), or written whole
// after the batches when nothing was committed.
Status FileImport::prepareSourceRow() {
    sourceId_ = existing_.id;
    if (sourceId_ < 0 && !hashLater_.valid()) {
        auto created = createSource(db_, path_, result_.sha256, size_, decision_, options_);
        if (!created) return created.error();
        sourceId_ = *created;
    } else if (sourceId_ < 0) {
        auto next = db_.queryInt("SELECT coalesce(max(id), 0) + 1 FROM source_file");
        if (!next) return next.error();
        sourceId_ = deferredId_ = *next;
        sourceInserted_ = sourceWritten_ = false;
    }
    result_.sourceId = sourceId_;
    result_.format = decision_.format;
    return {};
}

// The writer's hook after a transaction begins: the placeholder row, under the chosen id.
Status FileImport::insertSource() {
    if (sourceInserted_) return {};
    auto free = sourceIdFree(db_, deferredId_);
    if (!free) return free.error();
    if (!*free) return caseBusy();
    auto created = createSource(db_, path_, "pending:" + std::to_string(deferredId_), size_, decision_, options_,
                                deferredId_);
    if (!created) return created.error();
    sourceInserted_ = true;
    return {};
}

// The writer's hook before a transaction commits (and the last step when nothing was committed):
// the row gets the file's SHA-256, waiting for it if need be.
Status FileImport::writeSource() {
    if (sourceWritten_) return {};
    if (result_.sha256.empty()) result_.sha256 = hashLater_.get();
    if (result_.sha256.empty()) return makeError(ErrorCode::Io, "cannot read input file", path_);
    if (Status s = sourceInserted_ ? recordHash() : insertWholeSource(); !s) return s;
    sourceWritten_ = true;
    return {};
}

// Nothing refers to the chosen id yet: if another import took it, the row takes the next.
Status FileImport::insertWholeSource() {
    auto free = sourceIdFree(db_, deferredId_);
    if (!free) return free.error();
    auto created = createSource(db_, path_, result_.sha256, size_, decision_, options_, *free ? deferredId_ : -1);
    if (!created) return created.error();
    sourceId_ = result_.sourceId = *created;
    sourceInserted_ = true;
    return {};
}

Status FileImport::recordHash() {
    auto st = db_.prepare("UPDATE source_file SET sha256 = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, deferredId_).bind(2, result_.sha256);
    return st->run();
}

// Writes each batch the pipeline delivers and reports progress, until the file ends or the caller
// asks to stop (then `cancelled`).
Status FileImport::writeBatches(ImportPipeline& pipeline, BatchWriter& writer, bool& cancelled) {
    progress_.path = path_;
    progress_.storedBytesTotal = size_;
    progress_.records = 0;
    progress_.rejects = 0;
    allBytesBefore_ = progress_.allBytesRead;
    while (auto batch = pipeline.pop()) {
        auto counts = writer.write(*batch);
        if (!counts) return counts.error();
        if (batch->endsTransaction) checkpoint_.poke();
        if (batch->endsTransaction || !batch->rollups.empty()) {
            // The batch's rollup tables and chunks were freed in two threads' arenas; hand the
            // memory back so peak RSS tracks what is live, not what glibc keeps for later.
            malloc_trim(0);
        }
        progress_.records += counts->records;
        progress_.rejects += counts->rejects;
        progress_.storedBytesRead = batch->storedBytesRead;
        progress_.allBytesRead = allBytesBefore_ + batch->storedBytesRead;
        pipeline.retire(std::move(*batch));
        if (stopRequested()) {
            cancelled = true;
            pipeline.stop();
            break;
        }
    }
    return {};
}

bool FileImport::stopRequested() const {
    return (options_.cancel && options_.cancel->load()) || (options_.progress && !options_.progress(progress_));
}

// After the last batch: the source row is written, says what bytes were read, and is complete
// unless the import was cancelled, hit damage or saw the file change. Returns the totals.
Result<FileImportResult> FileImport::finish(const ParseWorker& worker, BatchWriter& writer, bool cancelled) {
    if (!sourceWritten_) {
        // No batch was committed (an empty, cancelled or failed file): the file is still recorded.
        if (Status s = writeSource(); !s) {
            if (s.error().code != ErrorCode::Io) return s.error();
            result_.error = s.error();
            return result_;
        }
    }
    progress_.allBytesRead = allBytesBefore_ + size_;
    auto readChange = describeBytesRead(db_, sourceId_, worker, size_, result_);
    if (!readChange) return readChange.error();
    if (Status s = settle(worker, writer, cancelled, *readChange); !s) return s.error();
    auto totals = readTotals(db_, sourceId_, result_);
    if (!totals) return totals.error();
    totals->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return totals;
}

// Cancelled, damaged or changed while read: the source stays incomplete and result_ says why.
Status FileImport::settle(const ParseWorker& worker, BatchWriter& writer, bool cancelled,
                          const std::optional<Error>& readChange) {
    if (cancelled) {
        result_.error =
            makeError(ErrorCode::Cancelled, "import cancelled; the file is incomplete and resumes on re-import", path_);
    } else if (worker.lateError()) {
        // Damage (e.g. truncated gzip): records before it are kept; the file stays incomplete.
        result_.error = worker.lateError();
    } else if (readChange) {
        result_.error = readChange;
    } else {
        return markComplete(writer);
    }
    return {};
}

Status FileImport::markComplete(BatchWriter& writer) {
    auto conflicts = writer.finishConflicts();
    if (!conflicts) return conflicts.error();
    auto st = db_.prepare("UPDATE source_file SET complete = 1, finished_at_us = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, sourceId_).bind(2, timeutil::nowUs());
    return st->run();
}

} // namespace

Result<FileImportResult> importOne(store::Database& db, const std::string& path, const ImportOptions& options,
                                   ImportProgress& progress, bool& cancelled, BackgroundCheckpoint& checkpoint,
                                   MemoryDedup& dedup) {
    return FileImport(db, path, options, progress, checkpoint, dedup).run(cancelled);
}

} // namespace siphon::ingest
