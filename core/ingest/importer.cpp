#include "ingest/importer.h"

#include "ingest/background_checkpoint.h"
#include "ingest/batch_writer.h"
#include "ingest/compress_stage.h"
#include "ingest/dedup_index.h"
#include "ingest/entity_id_cache.h"
#include "ingest/input_walk.h"
#include "ingest/record_key_set.h"
#include "ingest/parse_worker.h"
#include "evidence/audit_log.h"
#include "util/hash.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
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

int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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
    st->bind(8, std::string("siphon ") + SIPHON_VERSION).bind(9, nowUs());
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

// Imports one file. Case-level failures are returned as Error; file-level ones go in result.error.
Result<FileImportResult> importOne(store::Database& db, const std::string& path, const ImportOptions& options,
                                   ImportProgress& progress, bool& cancelled, BackgroundCheckpoint& checkpoint,
                                   MemoryDedup& dedup) {
    const auto started = std::chrono::steady_clock::now();
    FileImportResult result;
    result.path = path;
    std::error_code ec;
    const uint64_t size = fs::file_size(path, ec);
    if (ec) {
        result.error = makeError(ErrorCode::Io, "cannot read input file", path);
        return result;
    }
    // A file whose size no source has cannot have been imported, even in part: its import starts at
    // once and its SHA-256 is computed meanwhile on a thread of its own. The source row, which holds
    // the hash, is written with the first commit (the writer waits for the hash there).
    auto sameSize = sourceOfSizeExists(db, size);
    if (!sameSize) return sameSize.error();
    std::future<std::string> hashLater;
    Result<ExistingSource> existing = ExistingSource{};
    if (*sameSize) {
        result.sha256 = sha256File(path);
        if (result.sha256.empty()) {
            result.error = makeError(ErrorCode::Io, "cannot read input file", path);
            return result;
        }
        existing = findSource(db, result.sha256);
    } else {
        hashLater = std::async(std::launch::async, [path] {
            pthread_setname_np(pthread_self(), "siphon-sha256");
            return sha256File(path);
        });
    }
    if (!existing) return existing.error();
    if (existing->id >= 0 && existing->complete) {
        auto r = readTotals(db, existing->id, result);
        if (!r) return r.error();
        r->alreadyImported = true;
        r->sourceId = existing->id;
        return r;
    }
    result.resumed = existing->id >= 0;
    const std::string format = result.resumed ? existing->format : options.format;

    // parse thread -> `parsed` -> compression thread -> `queue` -> this (the writer).
    BatchQueue parsed(4), queue(4);
    ParseWorker worker(path, options, format, existing->committedOffset, parsed);
    auto decisionFuture = worker.decision();
    std::thread parser([&worker] {
        pthread_setname_np(pthread_self(), "siphon-parse");
        worker.run();
    });
    std::thread compressor([&parsed, &queue] {
        pthread_setname_np(pthread_self(), "siphon-zstd");
        compressBlocks(parsed, queue);
    });
    struct Joiner {
        std::thread& parser;
        std::thread& compressor;
        BatchQueue& parsed;
        BatchQueue& queue;
        void join() {
            queue.abort();
            parsed.abort();
            if (compressor.joinable()) compressor.join();
            if (parser.joinable()) parser.join();
        }
        ~Joiner() { join(); }
    } joiner{parser, compressor, parsed, queue};

    FormatDecision decision = decisionFuture.get();
    if (decision.error) {
        result.error = decision.error;
        if (hashLater.valid()) result.sha256 = hashLater.get();   // the audit log names the file by it
        return result;
    }
    int64_t sourceId = existing->id;
    // While the hash is computed: the source row is inserted in the first transaction with a
    // placeholder, and given its hash before that transaction commits (so no placeholder is ever
    // committed), or written whole after the loop when nothing was committed.
    std::function<Status()> insertSource, writeSource;
    bool sourceInserted = true, sourceWritten = true;
    if (sourceId < 0 && !hashLater.valid()) {
        auto created = createSource(db, path, result.sha256, size, decision, options);
        if (!created) return created.error();
        sourceId = *created;
    } else if (sourceId < 0) {
        auto next = db.queryInt("SELECT coalesce(max(id), 0) + 1 FROM source_file");
        if (!next) return next.error();
        sourceId = *next;
        sourceInserted = sourceWritten = false;
        insertSource = [&, id = sourceId]() -> Status {
            if (sourceInserted) return {};
            auto free = sourceIdFree(db, id);
            if (!free) return free.error();
            if (!*free) return caseBusy();
            auto created = createSource(db, path, "pending:" + std::to_string(id), size, decision, options, id);
            if (!created) return created.error();
            sourceInserted = true;
            return {};
        };
        writeSource = [&, id = sourceId]() -> Status {
            if (sourceWritten) return {};
            if (result.sha256.empty()) result.sha256 = hashLater.get();
            if (result.sha256.empty()) return makeError(ErrorCode::Io, "cannot read input file", path);
            if (!sourceInserted) {
                // Nothing refers to the id yet: if another import took it, the row takes the next.
                auto free = sourceIdFree(db, id);
                if (!free) return free.error();
                auto created = createSource(db, path, result.sha256, size, decision, options, *free ? id : -1);
                if (!created) return created.error();
                sourceId = result.sourceId = *created;
                sourceInserted = true;
            } else {
                auto st = db.prepare("UPDATE source_file SET sha256 = ?2 WHERE id = ?1");
                if (!st) return st.error();
                st->bind(1, id).bind(2, result.sha256);
                if (Status s = st->run(); !s) return s;
            }
            sourceWritten = true;
            return {};
        };
    }
    result.sourceId = sourceId;
    result.format = decision.format;

    BatchWriter writer(db, sourceId, decision.format, &dedup);
    if (writeSource) writer.setTransactionHooks(insertSource, writeSource);
    if (Status s = writer.prepare(); !s) return s.error();
    progress.path = path;
    progress.storedBytesTotal = size;
    progress.records = 0;
    progress.rejects = 0;
    const uint64_t allBefore = progress.allBytesRead;
    while (auto batch = queue.pop()) {
        auto counts = writer.write(*batch);
        if (!counts) return counts.error();
        if (batch->endsTransaction) {
            checkpoint.poke();
            // The batch's rollup tables and chunks were freed in two threads' arenas; hand the
            // memory back so peak RSS tracks what is live, not what glibc keeps for later.
            malloc_trim(0);
        }
        progress.records += counts->records;
        progress.rejects += counts->rejects;
        progress.storedBytesRead = batch->storedBytesRead;
        progress.allBytesRead = allBefore + batch->storedBytesRead;
        parsed.retire(std::move(*batch));   // freed by the parse thread
        const bool stop = (options.cancel && options.cancel->load()) ||
                          (options.progress && !options.progress(progress));
        if (stop) {
            cancelled = true;
            queue.abort();
            break;
        }
    }
    joiner.join();
    if (!sourceWritten) {
        // No batch was committed (an empty, cancelled or failed file): the file is still recorded.
        if (Status s = writeSource(); !s) {
            if (s.error().code != ErrorCode::Io) return s.error();
            result.error = s.error();
            return result;
        }
    }
    progress.allBytesRead = allBefore + size;
    auto readChange = describeBytesRead(db, sourceId, worker, size, result);
    if (!readChange) return readChange.error();

    if (cancelled) {
        result.error = makeError(ErrorCode::Cancelled, "import cancelled; the file is incomplete and resumes on re-import",
                                 path);
    } else if (worker.lateError()) {
        // Damage (e.g. truncated gzip): records before it are kept; the file stays incomplete.
        result.error = worker.lateError();
    } else if (*readChange) {
        result.error = *readChange;
    } else {
        auto conflicts = writer.finishConflicts();
        if (!conflicts) return conflicts.error();

        auto st = db.prepare("UPDATE source_file SET complete = 1, finished_at_us = ?2 WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, sourceId).bind(2, nowUs());
        if (Status s = st->run(); !s) return s.error();
    }
    auto totals = readTotals(db, sourceId, result);
    if (!totals) return totals.error();
    totals->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return totals;
}

// Pages an import reads through a memory map stay resident and count in its RSS: the index build
// and every dedup probe of a later import would touch the whole case. The import reads through its
// bounded page cache instead. Returns the map size to restore.
int64_t importWithoutMemoryMap(store::Database& db) {
    auto before = db.queryInt("PRAGMA mmap_size");
    (void)db.exec("PRAGMA mmap_size=0");
    return before ? *before : 0;
}

// Every import attempt of a file lands in the audit log: what was read, its hash, and the outcome.
Status auditImport(store::Database& db, const std::string& author, const FileImportResult& f) {
    QJsonObject p;
    p[QStringLiteral("path")] = QString::fromStdString(f.path);
    p[QStringLiteral("sha256")] = QString::fromStdString(f.sha256);
    p[QStringLiteral("format")] = QString::fromStdString(f.format);
    p[QStringLiteral("records")] = static_cast<double>(f.records);
    p[QStringLiteral("requests")] = static_cast<double>(f.requests);
    p[QStringLiteral("buckets")] = static_cast<double>(f.buckets);
    p[QStringLiteral("rejects")] = static_cast<double>(f.rejects);
    p[QStringLiteral("duplicates")] = static_cast<double>(f.duplicates);
    p[QStringLiteral("conflicts")] = static_cast<double>(f.conflicts);
    p[QStringLiteral("complete")] = f.complete;
    p[QStringLiteral("resumed")] = f.resumed;
    p[QStringLiteral("already_imported")] = f.alreadyImported;
    p[QStringLiteral("importer")] = QStringLiteral("siphon " SIPHON_VERSION);
    if (f.error) p[QStringLiteral("error")] = QString::fromStdString(f.error->describe());
    auto r = evidence::appendAudit(db, author, "import", p);
    if (!r) return r.error();
    return {};
}

// Paths the folder walk left out, kept in the case and in the audit log (what was not looked at
// is part of what an examiner must be able to say).
Status recordSkipped(store::Database& db, const std::string& author, const std::vector<SkippedInput>& skipped) {
    if (skipped.empty()) return {};
    store::Transaction tx(db);
    if (!tx.began()) return tx.began().error();
    auto st = db.prepare("INSERT INTO skipped_input(path, reason, skipped_at_us, author) VALUES(?1,?2,?3,?4)");
    if (!st) return st.error();
    QJsonArray list;
    for (const auto& k : skipped) {
        st->bind(1, k.path).bind(2, k.reason).bind(3, nowUs()).bind(4, author);
        if (Status s = st->run(); !s) return s;
        st->reset();
        QJsonObject o;
        o[QStringLiteral("path")] = QString::fromStdString(k.path);
        o[QStringLiteral("reason")] = QString::fromStdString(k.reason);
        list.append(o);
    }
    QJsonObject p;
    p[QStringLiteral("skipped")] = list;
    if (auto a = evidence::appendAudit(db, author, "import-skipped", p); !a) return a.error();
    return tx.commit();
}

// SQLite's "database is locked" after the busy timeout, said as what it means for an import.
Error busyIfLocked(Error e) {
    if (e.code != ErrorCode::Locked || e.message.rfind("case is busy", 0) == 0) return e;
    e.message = "case is busy (another import or analysis is writing to it and did not finish in time; try again "
                "when it is done): " + e.message;
    return e;
}

} // namespace

Result<std::vector<std::string>> expandInputs(const std::vector<std::string>& paths) {
    auto inputs = walkInputs(paths);
    if (!inputs) return inputs.error();
    return std::move(inputs->files);
}

namespace {

Result<ImportSummary> importAll(store::Database& db, const std::vector<std::string>& paths,
                                const ImportOptions& options) {
    auto inputs = walkInputs(paths);
    if (!inputs) return inputs.error();
    const std::vector<std::string>* files = &inputs->files;
    ImportSummary summary;
    if (Status s = recordSkipped(db, options.author, inputs->skipped); !s) return s.error();
    summary.skipped = std::move(inputs->skipped);
    ImportProgress progress;
    progress.fileCount = static_cast<int>(files->size());
    for (const auto& f : *files) {
        std::error_code ec;
        progress.allBytesTotal += fs::file_size(f, ec);
    }
    // Bulk import: WAL checkpoints on a thread of their own (the writer's autocheckpoint stays as a
    // backstop at 1 GiB of WAL), and no foreign-key lookups per row (the writer inserts each
    // source before its rows and each request before its raw bytes).
    // Appends need few cached pages, and the memory is better spent on in-memory deduplication;
    // sorts for the index built at the end spill to a file rather than grow the heap.
    (void)db.exec("PRAGMA wal_autocheckpoint=65536; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16384;"
                  " PRAGMA temp_store=FILE; PRAGMA threads=1");
    const int64_t mmapBefore = importWithoutMemoryMap(db);
    struct RestorePragmas {
        store::Database& db;
        int64_t mmapSize;
        ~RestorePragmas() {
            (void)db.exec("PRAGMA wal_autocheckpoint=1000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
                          " PRAGMA temp_store=MEMORY; PRAGMA threads=0; PRAGMA mmap_size=" + std::to_string(mmapSize));
        }
    } restore{db, mmapBefore};
    // A run killed while deduplicating in memory left the case without its dedup index.
    if (Status s = restoreInterruptedDedup(db); !s) return s.error();
    auto deferred = beginDeferredDedup(db);
    if (!deferred) return deferred.error();
    std::unique_ptr<RecordKeySet> keys;
    if (*deferred) keys = std::make_unique<RecordKeySet>(options.maxKeysInMemory);
    EntityIdCache names(options.maxCachedNames, *deferred);   // deferred: the case holds no requests
    MemoryDedup dedup{keys.get(), &names};
    std::vector<int64_t> sources;
    // However the run ends, the index is built and the conflicts recorded (a kill is restored by the
    // next import, above).
    struct FinishDedup {
        store::Database& db;
        RecordKeySet* keys;
        const std::vector<int64_t>& sources;
        bool done = false;
        Status finish() {
            done = true;
            return keys ? finishDeferredDedup(db, keys->conflictKeys(), sources) : Status{};
        }
        ~FinishDedup() {
            if (!done) (void)finish();
        }
    } finishDedup{db, keys.get(), sources};

    BackgroundCheckpoint checkpoint(db.path());
    for (size_t i = 0; i < files->size(); ++i) {
        progress.fileIndex = static_cast<int>(i);
        bool cancelled = false;
        auto r = importOne(db, (*files)[i], options, progress, cancelled, checkpoint, dedup);
        if (!r) return r.error();
        if (r->sourceId >= 0) sources.push_back(r->sourceId);
        if (Status a = auditImport(db, options.author, *r); !a) return a.error();
        summary.files.push_back(std::move(r.value()));
        if (cancelled) {
            summary.cancelled = true;
            break;
        }
    }
    if (Status s = finishDedup.finish(); !s) return s.error();

    if (keys && !keys->conflictKeys().empty()) {
        // Conflicts were counted at the end of the run: report them per file.
        for (auto& f : summary.files) {
            auto st = db.prepare("SELECT conflicts FROM source_file WHERE id = ?1");
            if (!st) return st.error();
            st->bind(1, f.sourceId);
            if (st->step() == store::StepResult::Row) f.conflicts = st->columnInt(0);
        }
    }
    return summary;
}

} // namespace

Result<ImportSummary> importFiles(store::Database& db, const std::vector<std::string>& paths,
                                  const ImportOptions& options) {
    auto r = importAll(db, paths, options);
    if (!r) return busyIfLocked(r.error());
    return r;
}

} // namespace siphon::ingest
