#include "ingest/importer.h"

#include "ingest/background_checkpoint.h"
#include "ingest/batch_writer.h"
#include "ingest/case_names.h"
#include "ingest/bedrock_join.h"
#include "ingest/dedup_index.h"
#include "ingest/entity_id_cache.h"
#include "ingest/file_import.h"
#include "ingest/input_walk.h"
#include "ingest/record_key_set.h"
#include "evidence/audit_log.h"
#include "util/time_util.h"

#include <QJsonArray>
#include <QJsonObject>

#include <filesystem>
#include <memory>

namespace siphon::ingest {

namespace fs = std::filesystem;

namespace {

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
        st->bind(1, k.path).bind(2, k.reason).bind(3, timeutil::nowUs()).bind(4, author);
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

// Joins the CloudTrail events and Bedrock invocation records of the same calls (bedrock_join.h)
// and records in the audit log what the pass did.
Status joinCalls(store::Database& db, const std::string& author, ImportSummary& summary) {
    auto joined = joinBedrockCalls(db);
    if (!joined) return joined.error();
    summary.join = *joined;
    if (!joined->any()) return {};
    QJsonObject p;
    p[QStringLiteral("join")] = QStringLiteral("aws_cloudtrail+bedrock_invocation");
    p[QStringLiteral("joined")] = static_cast<double>(joined->joined);
    p[QStringLiteral("duplicates")] = static_cast<double>(joined->duplicates);
    p[QStringLiteral("kept_apart")] = static_cast<double>(joined->keptApart);
    auto a = evidence::appendAudit(db, author, "import-join", p);
    if (!a) return a.error();
    return {};
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
    (void)db.exec("PRAGMA wal_autocheckpoint=65536; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-" +
                  std::to_string(kImportCacheKiB) + "; PRAGMA temp_store=FILE; PRAGMA threads=1");
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
    else if (Status s = growCacheForIndex(db, options.maxKeysInMemory); !s) return s.error();
    EntityIdCache names(options.maxCachedNames, *deferred);   // deferred: the case holds no requests
    if (!*deferred)
        if (auto loaded = loadCaseNames(db, names, options.maxCachedNames); !loaded) return loaded.error();
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
    // Also after a cancelled run: what it imported is joined, and the resumed rest joins next time.
    if (Status s = joinCalls(db, options.author, summary); !s) return s.error();
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
