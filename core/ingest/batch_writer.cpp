#include "ingest/batch_writer.h"

#include <algorithm>

#include "ingest/dedup_index.h"
#include "ingest/entity_id_cache.h"
#include "ingest/record_key_set.h"
#include "ingest/rollup_writer.h"
#include "store/block_codec.h"

#include <optional>


namespace siphon::ingest {

namespace {
constexpr std::string_view kInsertRequest =
    "INSERT INTO request(source_file_id, line, byte_offset, byte_length, source_format, record_key, key_hash,"
    " content_hash, ts_start_us, ts_end_us, ts_precision_us, latency_ms, provider, org_id, project_id,"
    " api_key_id, api_key_label, principal, end_user_id, source_ip, source_ip_masked, user_agent, region,"
    " model, model_requested, endpoint, request_id, correlation_id, input_tokens, output_tokens,"
    " cached_read_tokens, cache_write_tokens, reasoning_tokens, request_bytes, response_bytes, status_code,"
    " error_code, is_stream, cost_usd, prompt_hash, has_content, prompt_text, response_at, response_len)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
    "?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44)";
constexpr std::string_view kDedupClause = " ON CONFLICT(key_hash, content_hash) DO NOTHING";

constexpr std::string_view kInsertBucket =
    "INSERT INTO usage_bucket(source_file_id, line, byte_offset, byte_length, source_format, key_hash,"
    " content_hash, bucket_start_us, bucket_end_us, bucket_width_s, requested_width, group_by, org_id,"
    " project_id, user_id, api_key_id, model, service_tier, batch, context_window, line_item, num_requests,"
    " input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, cost_usd, is_empty, raw)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
    "?27,?28,?29) ON CONFLICT(key_hash, content_hash) DO NOTHING";

// Runs a bound statement to completion and readies it for the next row.
Status runOnce(store::Statement& st) {
    Status s = st.run();
    st.reset();
    return s;
}

// The request columns in kInsertRequest's order, bound in groups (all views stay valid until the
// statement is reset: they point into the batch).
void bindWhere(store::Statement& st, int64_t sourceId, const PendingRequest& p, std::string_view format) {
    const RequestRecord& r = p.rec;
    st.bind(1, sourceId).bind(2, p.at.line).bind(3, p.at.offset).bind(4, p.at.length).bindStatic(5, format);
    st.bindStatic(6, p.recordKey.empty() ? std::string_view(r.recordKey) : std::string_view(p.recordKey));
    st.bind(7, p.keyHash).bind(8, p.contentHash);
}

void bindWhen(store::Statement& st, const RequestRecord& r) {
    st.bind(9, r.tsStartUs).bind(10, r.tsEndUs).bind(11, r.tsPrecisionUs).bind(12, r.latencyMs);
}

void bindWho(store::Statement& st, const RequestRecord& r) {
    st.bindStaticOrNull(13, r.provider).bindStaticOrNull(14, r.orgId).bindStaticOrNull(15, r.projectId);
    st.bindStaticOrNull(16, r.apiKeyId).bindStaticOrNull(17, r.apiKeyLabel).bindStaticOrNull(18, r.principal);
    st.bindStaticOrNull(19, r.endUserId).bindStaticOrNull(20, r.sourceIp).bind(21, r.sourceIpMasked ? 1 : 0);
    st.bindStaticOrNull(22, r.userAgent).bindStaticOrNull(23, r.region).bindStaticOrNull(24, r.model);
    st.bindStaticOrNull(25, r.modelRequested).bindStaticOrNull(26, r.endpoint).bindStaticOrNull(27, r.requestId);
    st.bindStaticOrNull(28, r.correlationId);
}

void bindUsage(store::Statement& st, const RequestRecord& r) {
    st.bind(29, r.inputTokens).bind(30, r.outputTokens).bind(31, r.cachedReadTokens).bind(32, r.cacheWriteTokens);
    st.bind(33, r.reasoningTokens).bind(34, r.requestBytes).bind(35, r.responseBytes).bind(36, r.statusCode);
    st.bindStaticOrNull(37, r.errorCode);
    if (r.isStream) st.bind(38, *r.isStream ? 1 : 0);
    else st.bindNull(38);
    st.bind(39, r.costUsd);
}

void bindContent(store::Statement& st, const PendingRequest& p) {
    st.bind(40, p.promptHash).bind(41, p.hasContent ? 1 : 0).bindStaticOrNull(42, p.rec.prompt);
    if (p.responseSlice.at >= 0) st.bind(43, p.responseSlice.at).bind(44, p.responseSlice.length);
}

void bindBucket(store::Statement& st, int64_t sourceId, std::string_view format, const PendingBucket& p,
                bool carriesRaw) {
    const BucketRecord& b = p.rec;
    st.bind(1, sourceId).bind(2, p.at.line).bind(3, p.at.offset).bind(4, p.at.length).bind(5, format);
    st.bind(6, p.keyHash).bind(7, p.contentHash).bind(8, b.startUs).bind(9, b.endUs);
    st.bind(10, (b.endUs - b.startUs) / 1'000'000).bindTextOrNull(11, b.requestedWidth).bind(12, b.groupBy);
    st.bindTextOrNull(13, b.orgId).bindTextOrNull(14, b.projectId).bindTextOrNull(15, b.userId);
    st.bindTextOrNull(16, b.apiKeyId).bindTextOrNull(17, b.model).bindTextOrNull(18, b.serviceTier);
    if (b.batch) st.bind(19, *b.batch ? 1 : 0);
    else st.bindNull(19);
    st.bindTextOrNull(20, b.contextWindow).bindTextOrNull(21, b.lineItem).bind(22, b.numRequests);
    st.bind(23, b.inputTokens).bind(24, b.outputTokens).bind(25, b.cachedReadTokens).bind(26, b.cacheWriteTokens);
    st.bind(27, b.costUsd).bind(28, b.isEmpty ? 1 : 0).bindStaticBlob(29, carriesRaw && p.raw ? std::string_view(*p.raw) : "");
}

// Looks up the first copy of a row the insert skipped (same key and content); -1 if none.
int64_t firstCopy(store::Statement& find, int64_t keyHash, int64_t contentHash) {
    find.bind(1, keyHash).bind(2, contentHash);
    const int64_t id = find.step() == store::StepResult::Row ? find.columnInt(0) : -1;
    find.reset();
    return id;
}
} // namespace

struct BatchWriter::Impl {
    // A constructor rather than parenthesised aggregate init, which clang 14 (the fuzz build) lacks.
    Impl(store::Database& database, int64_t source, std::string fmt, MemoryDedup* memory)
        : db(database), sourceId(source), format(std::move(fmt)), dedup(memory), rollups(database, memory ? memory->names : nullptr) {}
    store::Database& db;
    int64_t sourceId;
    std::string format;
    MemoryDedup* dedup;
    std::function<Status()> afterBegin, beforeCommit;
    RollupWriter rollups;
    std::optional<store::Transaction> tx;   // open from a batch's first chunk to its last
    // One usage-report record (a page) can make hundreds of buckets: its bytes are stored once,
    // on the first bucket written from it; the others carry an empty blob and the same offset.
    int64_t lastBucketRawOffset = -1;
    store::Statement insertBlock, insertRequest, insertText, insertRawCopy, findRequest, insertBucket, findBucket, insertReject,
        insertDuplicate, updateSource;

    RecordKeySet* memoryKeys() const { return dedup && dedup->keys ? dedup->keys : nullptr; }
    Status prepareStatements();
    Status prepareRequestInsert();
    Status switchToIndexIfFull();
    Status beginTransaction();
    Status writeBlocks(const Batch& batch);
    Status writeRequests(const Batch& batch, WriteCounts& counts);
    Status writeRequest(const PendingRequest& p, RecordKeySet* keys, WriteCounts& counts);
    Status storeRequestExtras(const PendingRequest& p, int64_t id);
    Status recordDuplicate(const Placement& at, const char* kind, int64_t firstId, const std::string& reason);
    Status duplicateRequest(const PendingRequest& p, int64_t firstId, WriteCounts& counts);
    Status writeBuckets(const Batch& batch, WriteCounts& counts);
    Status writeRejects(const Batch& batch, WriteCounts& counts);
    Status updateSourceCounters(const Batch& batch, const WriteCounts& counts);
    Status endTransaction(Batch& batch);
};

BatchWriter::BatchWriter(store::Database& db, int64_t sourceId, std::string format, MemoryDedup* dedup)
    : d_(std::make_unique<Impl>(db, sourceId, std::move(format), dedup)) {}

// A transaction still open is rolled back with the writer: names it added leave the run's cache.
BatchWriter::~BatchWriter() {
    if (d_->tx && d_->dedup && d_->dedup->names) d_->dedup->names->forgetAll();
}

void BatchWriter::setTransactionHooks(std::function<Status()> afterBegin, std::function<Status()> beforeCommit) {
    d_->afterBegin = std::move(afterBegin);
    d_->beforeCommit = std::move(beforeCommit);
}

Status BatchWriter::Impl::prepareRequestInsert() {
    // Without the unique index an ON CONFLICT clause does not even prepare.
    auto r = db.prepare(memoryKeys() ? std::string(kInsertRequest)
                                     : std::string(kInsertRequest) + std::string(kDedupClause));
    if (!r) return r.error();
    insertRequest = std::move(r.value());
    return {};
}

Status BatchWriter::Impl::prepareStatements() {
    const std::pair<store::Statement*, std::string_view> all[] = {
        {&insertBlock,
         "INSERT INTO source_block(source_file_id, start_offset, raw_length, codec, data) VALUES(?1, ?2, ?3, ?4, ?5)"},
        {&insertText, "INSERT INTO request_text(request_id, response) VALUES(?1, ?2)"},
        {&insertRawCopy, "INSERT INTO request_raw_copy(request_id, raw) VALUES(?1, ?2)"},
        {&findRequest, "SELECT id FROM request WHERE key_hash = ?1 AND content_hash = ?2"},
        {&insertBucket, kInsertBucket},
        {&findBucket, "SELECT id FROM usage_bucket WHERE key_hash = ?1 AND content_hash = ?2"},
        {&insertReject,
         "INSERT INTO reject(source_file_id, line, byte_offset, byte_length, reason, raw, raw_truncated)"
         " VALUES(?1,?2,?3,?4,?5,?6,?7)"},
        {&insertDuplicate,
         "INSERT INTO duplicate(source_file_id, line, byte_offset, kind, first_row_id, reason)"
         " VALUES(?1,?2,?3,?4,?5,?6)"},
        {&updateSource,
         "UPDATE source_file SET records = records + ?2, requests = requests + ?3, buckets = buckets + ?4,"
         " rejects = rejects + ?5, duplicates = duplicates + ?6, committed_offset = max(committed_offset, ?7)"
         " WHERE id = ?1"},
    };
    for (const auto& [st, sql] : all) {
        auto r = db.prepare(sql);
        if (!r) return r.error();
        *st = std::move(r.value());
    }
    return prepareRequestInsert();
}

Status BatchWriter::prepare() {
    if (Status s = d_->prepareStatements(); !s) return s;
    return d_->rollups.prepare();
}

// The in-memory set reached its cap: index what is imported so far and go on with the index.
Status BatchWriter::Impl::switchToIndexIfFull() {
    if (tx || !memoryKeys() || !dedup->keys->full()) return {};
    store::Transaction build(db);
    if (!build.began()) return build.began();
    if (Status s = buildDedupIndex(db); !s) return s;
    if (Status s = build.commit(); !s) return s;
    if (Status s = growCacheForIndex(db, dedup->keys->maxEntries()); !s) return s;
    dedup->keys->releaseMemory();
    dedup->keys = nullptr;
    return prepareRequestInsert();
}

Status BatchWriter::Impl::beginTransaction() {
    if (tx) return {};
    tx.emplace(db);
    if (!tx->began()) {
        Error e = tx->began().error();
        tx.reset();
        return e;
    }
    return afterBegin ? afterBegin() : Status{};
}

Status BatchWriter::Impl::writeBlocks(const Batch& batch) {
    for (const SourceBlock& block : batch.blocks) {
        if (block.zstd.empty())   // the compression thread could not (out of memory): store nothing without it
            return makeError(ErrorCode::Database,
                             "cannot compress the input's bytes at offset " + std::to_string(block.start));
        insertBlock.bind(1, sourceId).bind(2, block.start).bind(3, block.rawLength);
        insertBlock.bindStatic(4, store::kCodecZstd).bindStaticBlob(5, block.zstd);
        if (Status s = runOnce(insertBlock); !s) return s;
    }
    return {};
}

Status BatchWriter::Impl::recordDuplicate(const Placement& at, const char* kind, int64_t firstId,
                                          const std::string& reason) {
    insertDuplicate.bind(1, sourceId).bind(2, at.line).bind(3, at.offset).bind(4, kind).bind(5, firstId).bind(6, reason);
    return runOnce(insertDuplicate);
}

// A duplicate is listed with a pointer to the first copy, and its rollup counts taken back.
Status BatchWriter::Impl::duplicateRequest(const PendingRequest& p, int64_t firstId, WriteCounts& counts) {
    if (Status s = recordDuplicate(p.at, "request", firstId,
                                   "same record key and content as request " + std::to_string(firstId));
        !s)
        return s;
    ++counts.duplicates;
    rollups.takeBack(p);
    return {};
}

Status BatchWriter::Impl::writeRequests(const Batch& batch, WriteCounts& counts) {
    RecordKeySet* const keys = memoryKeys();
    constexpr size_t kPrefetchAhead = 8;
    const size_t n = batch.requests.size();
    if (keys)
        for (size_t k = 0; k < std::min(kPrefetchAhead, n); ++k) keys->prefetch(batch.requests[k].keyHash);
    for (size_t at = 0; at < n; ++at) {
        if (keys && at + kPrefetchAhead < n) keys->prefetch(batch.requests[at + kPrefetchAhead].keyHash);
        if (Status s = writeRequest(batch.requests[at], keys, counts); !s) return s;
    }
    return {};
}

Status BatchWriter::Impl::writeRequest(const PendingRequest& p, RecordKeySet* keys, WriteCounts& counts) {
    if (keys)
        if (const int64_t firstId = keys->find(p.keyHash, p.contentHash)) return duplicateRequest(p, firstId, counts);
    bindWhere(insertRequest, sourceId, p, format);
    bindWhen(insertRequest, p.rec);
    bindWho(insertRequest, p.rec);
    bindUsage(insertRequest, p.rec);
    bindContent(insertRequest, p);
    if (Status s = runOnce(insertRequest); !s) return s;
    if (!keys && db.changes() == 0) return duplicateRequest(p, firstCopy(findRequest, p.keyHash, p.contentHash), counts);
    const int64_t id = db.lastInsertRowId();
    if (keys) {
        keys->add(p.keyHash, p.contentHash, id);
        if (keys->badId()) return makeError(ErrorCode::Database, "request id out of range for in-memory dedup");
    }
    if (Status s = storeRequestExtras(p, id); !s) return s;
    ++counts.requests;
    return {};
}

// A response not verbatim in the record is stored as text; a record not verbatim in the stream
// keeps a copy of its bytes.
Status BatchWriter::Impl::storeRequestExtras(const PendingRequest& p, int64_t id) {
    if (!p.rec.response.empty()) {
        insertText.bind(1, id).bindStatic(2, p.rec.response);
        if (Status s = runOnce(insertText); !s) return s;
    }
    if (!p.rawVerbatim) {
        insertRawCopy.bind(1, id).bindStaticBlob(2, p.rawCopy);
        if (Status s = runOnce(insertRawCopy); !s) return s;
    }
    return {};
}

Status BatchWriter::Impl::writeBuckets(const Batch& batch, WriteCounts& counts) {
    for (const PendingBucket& p : batch.buckets) {
        const bool carriesRaw = p.at.offset != lastBucketRawOffset;
        bindBucket(insertBucket, sourceId, format, p, carriesRaw);
        if (Status s = runOnce(insertBucket); !s) return s;
        if (db.changes() == 0) {
            const int64_t firstId = firstCopy(findBucket, p.keyHash, p.contentHash);
            if (Status s = recordDuplicate(p.at, "bucket", firstId,
                                           "same bucket, dimensions and measures as bucket " + std::to_string(firstId));
                !s)
                return s;
            ++counts.duplicates;
            continue;
        }
        if (carriesRaw) lastBucketRawOffset = p.at.offset;
        ++counts.buckets;
    }
    return {};
}

Status BatchWriter::Impl::writeRejects(const Batch& batch, WriteCounts& counts) {
    for (const PendingReject& r : batch.rejects) {
        insertReject.bind(1, sourceId).bind(2, r.at.line).bind(3, r.at.offset).bind(4, r.at.length).bind(5, r.reason);
        insertReject.bindBlob(6, r.raw).bind(7, r.truncated ? 1 : 0);
        if (Status s = runOnce(insertReject); !s) return s;
        ++counts.rejects;
    }
    return {};
}

Status BatchWriter::Impl::updateSourceCounters(const Batch& batch, const WriteCounts& counts) {
    updateSource.bind(1, sourceId).bind(2, counts.records).bind(3, counts.requests).bind(4, counts.buckets);
    updateSource.bind(5, counts.rejects).bind(6, counts.duplicates).bind(7, batch.lastOffset);
    return runOnce(updateSource);
}

// The rollups a chunk carries (after its requests, so its duplicates are taken back out of them);
// on a transaction's last chunk then the entity totals, the caller's hook, the commit.
Status BatchWriter::Impl::endTransaction(Batch& batch) {
    if (!batch.rollups.empty() || batch.endsTransaction)
        if (Status s = rollups.write(batch.rollups); !s) return s;
    if (!batch.endsTransaction) return {};
    if (Status s = rollups.finishTransaction(); !s) return s;
    if (beforeCommit)
        if (Status s = beforeCommit(); !s) return s;
    Status s = tx->commit();
    tx.reset();
    return s;
}

Result<WriteCounts> BatchWriter::write(Batch& batch) {
    Impl& d = *d_;
    WriteCounts counts;
    counts.records = batch.records;
    if (Status s = d.switchToIndexIfFull(); !s) return s.error();
    if (Status s = d.beginTransaction(); !s) return s.error();
    d.rollups.addNames(batch.newNames);
    if (Status s = d.writeBlocks(batch); !s) return s.error();
    if (Status s = d.writeRequests(batch, counts); !s) return s.error();
    if (Status s = d.writeBuckets(batch, counts); !s) return s.error();
    if (Status s = d.writeRejects(batch, counts); !s) return s.error();
    if (Status s = d.updateSourceCounters(batch, counts); !s) return s.error();
    if (Status s = d.endTransaction(batch); !s) return s.error();
    return counts;
}

// Each row of this file whose natural key names other content than an earlier row. The file's rows
// lead (CROSS JOIN keeps that order) and each probes the dedup index by key: the cost follows the
// file's size, not the case's.
Result<int64_t> BatchWriter::finishConflicts() {
    Impl& d = *d_;
    if (d.memoryKeys()) return int64_t{0};
    store::Transaction tx(d.db);
    if (!tx.began()) return tx.began().error();
    auto st = d.db.prepare(
        "INSERT OR IGNORE INTO conflict(request_id, other_request_id, record_key)"
        " SELECT r.id, o.id, r.record_key FROM request r CROSS JOIN request o"
        " ON o.key_hash = r.key_hash AND o.id < r.id"
        " WHERE r.source_file_id = ?1 AND r.record_key NOT LIKE 'content:%'");
    if (!st) return st.error();
    st->bind(1, d.sourceId);
    if (Status s = st->run(); !s) return s.error();
    auto count = d.db.prepare("SELECT count(DISTINCT c.request_id) FROM conflict c JOIN request r ON r.id = c.request_id"
                              " WHERE r.source_file_id = ?1");
    if (!count) return count.error();
    count->bind(1, d.sourceId);
    const int64_t n = count->step() == store::StepResult::Row ? count->columnInt(0) : 0;
    auto upd = d.db.prepare("UPDATE source_file SET conflicts = ?2 WHERE id = ?1");
    if (!upd) return upd.error();
    upd->bind(1, d.sourceId).bind(2, n);
    if (Status s = upd->run(); !s) return s.error();
    if (Status s = tx.commit(); !s) return s.error();
    return n;
}

} // namespace siphon::ingest
