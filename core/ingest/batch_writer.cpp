#include "ingest/batch_writer.h"

#include <algorithm>

#include "ingest/dedup_index.h"
#include "ingest/record_key_set.h"
#include "ingest/rollup_writer.h"
#include "store/block_codec.h"

#include <optional>


namespace siphon::ingest {

struct BatchWriter::Impl {
    // A constructor rather than parenthesised aggregate init, which clang 14 (the fuzz build) lacks.
    Impl(store::Database& database, int64_t source, std::string fmt, MemoryDedup* memory)
        : db(database), sourceId(source), format(std::move(fmt)), dedup(memory), rollups(database) {}
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
};

BatchWriter::BatchWriter(store::Database& db, int64_t sourceId, std::string format, MemoryDedup* dedup)
    : d_(new Impl(db, sourceId, std::move(format), dedup)) {}

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
} // namespace

void BatchWriter::setTransactionHooks(std::function<Status()> afterBegin, std::function<Status()> beforeCommit) {
    d_->afterBegin = std::move(afterBegin);
    d_->beforeCommit = std::move(beforeCommit);
}

bool BatchWriter::dedupInMemory() const { return d_->dedup && d_->dedup->keys; }

Status BatchWriter::prepareRequestInsert() {
    // Without the unique index an ON CONFLICT clause does not even prepare.
    auto r = d_->db.prepare(dedupInMemory() ? std::string(kInsertRequest)
                                            : std::string(kInsertRequest) + std::string(kDedupClause));
    if (!r) return r.error();
    d_->insertRequest = std::move(r.value());
    return {};
}

BatchWriter::~BatchWriter() { delete d_; }

Status BatchWriter::prepare() {
    auto prep = [&](store::Statement& st, std::string_view sql) -> Status {
        auto r = d_->db.prepare(sql);
        if (!r) return r.error();
        st = std::move(r.value());
        return {};
    };
    const std::pair<store::Statement*, std::string_view> all[] = {
        {&d_->insertBlock,
         "INSERT INTO source_block(source_file_id, start_offset, raw_length, codec, data) VALUES(?1, ?2, ?3, ?4, ?5)"},
        {&d_->insertText, "INSERT INTO request_text(request_id, response) VALUES(?1, ?2)"},
        {&d_->insertRawCopy, "INSERT INTO request_raw_copy(request_id, raw) VALUES(?1, ?2)"},
        {&d_->findRequest, "SELECT id FROM request WHERE key_hash = ?1 AND content_hash = ?2"},
        {&d_->insertBucket,
         "INSERT INTO usage_bucket(source_file_id, line, byte_offset, byte_length, source_format, key_hash,"
         " content_hash, bucket_start_us, bucket_end_us, bucket_width_s, requested_width, group_by, org_id,"
         " project_id, user_id, api_key_id, model, service_tier, batch, context_window, line_item, num_requests,"
         " input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, cost_usd, is_empty, raw)"
         " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
         "?27,?28,?29) ON CONFLICT(key_hash, content_hash) DO NOTHING"},
        {&d_->findBucket, "SELECT id FROM usage_bucket WHERE key_hash = ?1 AND content_hash = ?2"},
        {&d_->insertReject,
         "INSERT INTO reject(source_file_id, line, byte_offset, byte_length, reason, raw, raw_truncated)"
         " VALUES(?1,?2,?3,?4,?5,?6,?7)"},
        {&d_->insertDuplicate,
         "INSERT INTO duplicate(source_file_id, line, byte_offset, kind, first_row_id, reason)"
         " VALUES(?1,?2,?3,?4,?5,?6)"},
        {&d_->updateSource,
         "UPDATE source_file SET records = records + ?2, requests = requests + ?3, buckets = buckets + ?4,"
         " rejects = rejects + ?5, duplicates = duplicates + ?6, committed_offset = max(committed_offset, ?7)"
         " WHERE id = ?1"},
    };
    for (const auto& [st, sql] : all)
        if (Status s = prep(*st, sql); !s) return s;
    if (Status s = prepareRequestInsert(); !s) return s;
    return d_->rollups.prepare();
}

Result<WriteCounts> BatchWriter::write(Batch& batch) {
    Impl& d = *d_;
    WriteCounts counts;
    counts.records = batch.records;
    if (!d.tx && dedupInMemory() && d.dedup->keys->full()) {
        // The set reached its memory cap: index what is imported so far and go on with the index.
        store::Transaction build(d.db);
        if (!build.began()) return build.began().error();
        if (Status s = buildDedupIndex(d.db); !s) return s.error();
        if (Status s = build.commit(); !s) return s.error();
        d.dedup->keys->releaseMemory();
        d.dedup->keys = nullptr;
        if (Status s = prepareRequestInsert(); !s) return s.error();
    }
    if (!d.tx) {
        d.tx.emplace(d.db);
        if (!d.tx->began()) {
            Error e = d.tx->began().error();
            d.tx.reset();
            return e;
        }
        if (d.afterBegin)
            if (Status s = d.afterBegin(); !s) return s.error();
    }
    d.rollups.addNames(batch.newNames);

    for (const SourceBlock& block : batch.blocks) {
        if (block.zstd.empty())   // the compression thread could not (out of memory): store nothing without it
            return makeError(ErrorCode::Database,
                             "cannot compress the input's bytes at offset " + std::to_string(block.start));
        auto& st = d.insertBlock;
        st.bind(1, d.sourceId).bind(2, block.start).bind(3, block.rawLength);
        st.bindStatic(4, store::kCodecZstd).bindStaticBlob(5, block.zstd);
        Status s = st.run();
        st.reset();
        if (!s) return s.error();
    }

    auto duplicate = [&](const Placement& at, const char* kind, int64_t firstId, const std::string& reason) -> Status {
        auto& st = d.insertDuplicate;
        st.bind(1, d.sourceId).bind(2, at.line).bind(3, at.offset).bind(4, kind).bind(5, firstId).bind(6, reason);
        Status s = st.run();
        st.reset();
        return s;
    };

    RecordKeySet* const keys = dedupInMemory() ? d.dedup->keys : nullptr;
    constexpr size_t kPrefetchAhead = 8;
    if (keys)
        for (size_t k = 0; k < std::min(kPrefetchAhead, batch.requests.size()); ++k)
            keys->prefetch(batch.requests[k].keyHash);
    for (size_t at = 0; at < batch.requests.size(); ++at) {
        const PendingRequest& p = batch.requests[at];
        const RequestRecord& r = p.rec;
        if (keys && at + kPrefetchAhead < batch.requests.size())
            keys->prefetch(batch.requests[at + kPrefetchAhead].keyHash);
        // A duplicate is listed with a pointer to the first copy, and its rollup counts taken back.
        auto duplicateOf = [&](int64_t firstId) -> Status {
            if (Status ds = duplicate(p.at, "request", firstId,
                                      "same record key and content as request " + std::to_string(firstId));
                !ds)
                return ds;
            ++counts.duplicates;
            d.rollups.takeBack(p);
            return {};
        };
        if (keys) {
            if (const int64_t firstId = keys->find(p.keyHash, p.contentHash)) {
                if (Status ds = duplicateOf(firstId); !ds) return ds.error();
                continue;
            }
        }
        auto& st = d.insertRequest;
        st.bind(1, d.sourceId).bind(2, p.at.line).bind(3, p.at.offset).bind(4, p.at.length).bindStatic(5, d.format);
        st.bindStatic(6, p.recordKey.empty() ? std::string_view(r.recordKey) : std::string_view(p.recordKey));
        st.bind(7, p.keyHash).bind(8, p.contentHash).bind(9, r.tsStartUs).bind(10, r.tsEndUs);
        st.bind(11, r.tsPrecisionUs).bind(12, r.latencyMs);
        st.bindStaticOrNull(13, r.provider).bindStaticOrNull(14, r.orgId).bindStaticOrNull(15, r.projectId);
        st.bindStaticOrNull(16, r.apiKeyId).bindStaticOrNull(17, r.apiKeyLabel).bindStaticOrNull(18, r.principal);
        st.bindStaticOrNull(19, r.endUserId).bindStaticOrNull(20, r.sourceIp).bind(21, r.sourceIpMasked ? 1 : 0);
        st.bindStaticOrNull(22, r.userAgent).bindStaticOrNull(23, r.region).bindStaticOrNull(24, r.model);
        st.bindStaticOrNull(25, r.modelRequested).bindStaticOrNull(26, r.endpoint).bindStaticOrNull(27, r.requestId);
        st.bindStaticOrNull(28, r.correlationId).bind(29, r.inputTokens).bind(30, r.outputTokens);
        st.bind(31, r.cachedReadTokens).bind(32, r.cacheWriteTokens).bind(33, r.reasoningTokens);
        st.bind(34, r.requestBytes).bind(35, r.responseBytes).bind(36, r.statusCode).bindStaticOrNull(37, r.errorCode);
        if (r.isStream) st.bind(38, *r.isStream ? 1 : 0);
        else st.bindNull(38);
        st.bind(39, r.costUsd).bind(40, p.promptHash);
        st.bind(41, p.hasContent ? 1 : 0);
        st.bindStaticOrNull(42, r.prompt);
        if (p.responseSlice.at >= 0) st.bind(43, p.responseSlice.at).bind(44, p.responseSlice.length);
        Status s = st.run();
        st.reset();
        if (!s) return s.error();
        if (!keys && d.db.changes() == 0) {
            auto& f = d.findRequest;
            f.bind(1, p.keyHash).bind(2, p.contentHash);
            const int64_t firstId = f.step() == store::StepResult::Row ? f.columnInt(0) : -1;
            f.reset();
            if (Status ds = duplicateOf(firstId); !ds) return ds.error();
            continue;
        }
        const int64_t id = d.db.lastInsertRowId();
        if (keys) {
            keys->add(p.keyHash, p.contentHash, id);
            if (keys->badId()) return makeError(ErrorCode::Database, "request id out of range for in-memory dedup");
        }
        if (!r.response.empty()) {
            auto& t = d.insertText;
            t.bind(1, id).bindStatic(2, r.response);
            Status ts = t.run();
            t.reset();
            if (!ts) return ts.error();
        }
        if (!p.rawVerbatim) {
            auto& c = d.insertRawCopy;
            c.bind(1, id).bindStaticBlob(2, p.rawCopy);
            Status cs = c.run();
            c.reset();
            if (!cs) return cs.error();
        }
        ++counts.requests;
    }

    for (const PendingBucket& p : batch.buckets) {
        const BucketRecord& b = p.rec;
        auto& st = d.insertBucket;
        st.bind(1, d.sourceId).bind(2, p.at.line).bind(3, p.at.offset).bind(4, p.at.length).bind(5, d.format);
        st.bind(6, p.keyHash).bind(7, p.contentHash).bind(8, b.startUs).bind(9, b.endUs);
        st.bind(10, (b.endUs - b.startUs) / 1'000'000).bindTextOrNull(11, b.requestedWidth).bind(12, b.groupBy);
        st.bindTextOrNull(13, b.orgId).bindTextOrNull(14, b.projectId).bindTextOrNull(15, b.userId);
        st.bindTextOrNull(16, b.apiKeyId).bindTextOrNull(17, b.model).bindTextOrNull(18, b.serviceTier);
        if (b.batch) st.bind(19, *b.batch ? 1 : 0);
        else st.bindNull(19);
        st.bindTextOrNull(20, b.contextWindow).bindTextOrNull(21, b.lineItem).bind(22, b.numRequests);
        st.bind(23, b.inputTokens).bind(24, b.outputTokens).bind(25, b.cachedReadTokens).bind(26, b.cacheWriteTokens);
        const bool carriesRaw = p.at.offset != d.lastBucketRawOffset;
        st.bind(27, b.costUsd).bind(28, b.isEmpty ? 1 : 0).bindStaticBlob(29, carriesRaw ? std::string_view(p.raw) : "");
        Status s = st.run();
        st.reset();
        if (!s) return s.error();
        if (d.db.changes() == 0) {
            auto& f = d.findBucket;
            f.bind(1, p.keyHash).bind(2, p.contentHash);
            const int64_t firstId = f.step() == store::StepResult::Row ? f.columnInt(0) : -1;
            f.reset();
            if (Status ds = duplicate(p.at, "bucket", firstId,
                                      "same bucket, dimensions and measures as bucket " + std::to_string(firstId));
                !ds)
                return ds.error();
            ++counts.duplicates;
            continue;
        }
        if (carriesRaw) d.lastBucketRawOffset = p.at.offset;
        ++counts.buckets;
    }

    for (const PendingReject& r : batch.rejects) {
        auto& st = d.insertReject;
        st.bind(1, d.sourceId).bind(2, r.at.line).bind(3, r.at.offset).bind(4, r.at.length).bind(5, r.reason);
        st.bindBlob(6, r.raw).bind(7, r.truncated ? 1 : 0);
        Status s = st.run();
        st.reset();
        if (!s) return s.error();
        ++counts.rejects;
    }

    auto& up = d.updateSource;
    up.bind(1, d.sourceId).bind(2, counts.records).bind(3, counts.requests).bind(4, counts.buckets);
    up.bind(5, counts.rejects).bind(6, counts.duplicates).bind(7, batch.lastOffset);
    if (Status s = up.run(); !s) return s.error();
    up.reset();
    if (batch.endsTransaction) {
        if (Status s = d.rollups.write(batch.rollups); !s) return s.error();
        if (d.beforeCommit)
            if (Status s = d.beforeCommit(); !s) return s.error();
        Status s = d.tx->commit();
        d.tx.reset();
        if (!s) return s.error();
    }
    return counts;
}

Result<int64_t> BatchWriter::finishConflicts() {
    Impl& d = *d_;
    if (dedupInMemory()) return int64_t{0};
    store::Transaction tx(d.db);
    if (!tx.began()) return tx.began().error();
    auto st = d.db.prepare(
        "INSERT OR IGNORE INTO conflict(request_id, other_request_id, record_key)"
        " SELECT r.id, o.id, r.record_key FROM request r JOIN request o ON o.key_hash = r.key_hash AND o.id < r.id"
        " WHERE r.source_file_id = ?1 AND r.record_key NOT LIKE 'content:%' AND r.key_hash IN"
        " (SELECT key_hash FROM request GROUP BY key_hash HAVING count(*) > 1)");
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
