#include "ingest/parse_worker.h"

#include "ingest/byte_source.h"
#include "ingest/cloudwatch_export_line.h"
#include "ingest/csv_framer.h"
#include "ingest/input_buffer.h"
#include "ingest/json_framer.h"
#include "ingest/plausible_counts.h"
#include "util/hash.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace siphon::ingest {

namespace {

constexpr size_t kRejectRawCap = 64 * 1024;
constexpr int kMaxRejectsBeforeDecision = 1000;
// Source blocks end at a record end once they hold this much. Reading one record back decompresses
// its block (about a millisecond); analysis never does (prompts are on the request row). At 1 MiB
// the compressed block fills 64 KiB pages well: the benchmark's blocks took 155 MB of pages for
// 138 MB of frames, against 194 MB for 175 MB at 128 KiB.
constexpr int64_t kBlockTarget = 1024 * 1024;
// Bytes held without a record end (a huge or runaway line, a run of blank lines) are cut into a
// block regardless, and sent on: memory must not grow with such input (4 MiB blocks, a few in flight).
constexpr int64_t kMaxHeldBytes = 4 << 20;

std::string hex16(int64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string jsonEscape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string readerList(FormatReader::Kind kind) {
    std::string out;
    for (const auto& r : makeAllReaders()) {
        if (r->kind() != kind) continue;
        if (!out.empty()) out += ", ";
        out += r->id();
    }
    return out;
}

// Prompt text normalised for template fingerprints: lower-case, digits folded, spaces collapsed.
int64_t promptFingerprint(std::string_view prompt, std::string& norm) {
    // ASCII rules written out: <cctype> follows the process locale, and a fingerprint must not.
    // `norm` is the caller's scratch, reused: no allocation per record.
    norm.clear();
    bool space = false;
    for (size_t i = 0; i < prompt.size() && norm.size() < 4096; ++i) {
        char c = prompt[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            space = !norm.empty();
            continue;
        }
        if (space) norm.push_back(' ');
        space = false;
        if (c >= '0' && c <= '9') c = '0';
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        norm.push_back(c);
    }
    return fastHash64(norm);
}

// Finds `text` verbatim in the raw record and then empties it, so it is stored once. memmem is
// linear-time (two-way search), so an adversarial record cannot make this quadratic.
RawSlice sliceOf(std::string_view raw, std::string& text) {
    if (text.empty()) return {};
    const void* hit = memmem(raw.data(), raw.size(), text.data(), text.size());
    if (!hit) return {};
    RawSlice s{static_cast<const char*>(hit) - raw.data(), static_cast<int64_t>(text.size())};
    text.clear();
    text.shrink_to_fit();
    return s;
}

} // namespace

ParseWorker::ParseWorker(std::string path, const ImportOptions& options, std::string format, int64_t skipThroughOffset,
                         BatchQueue& queue)
    : path_(std::move(path)), options_(options), format_(std::move(format)), skipThrough_(skipThroughOffset),
      queue_(queue) {}

ParseWorker::~ParseWorker() = default;

void ParseWorker::fail(Error e) {
    if (!decided_) {
        decided_ = true;
        decisionFailed_ = true;
        decision_.set_value(FormatDecision{{}, {}, std::move(e)});
    } else if (!lateError_) {
        lateError_ = std::move(e);
    }
}

bool ParseWorker::decide(const std::string& hints) {
    decided_ = true;
    decision_.set_value(FormatDecision{formatId_, hints, std::nullopt});
    return true;
}

void ParseWorker::onBytesRead(std::string_view bytes) {
    capture_.append(bytes);
    // Resuming: what an earlier run committed is stored already.
    if (!captureStarted_ && skipThrough_ >= 0) capture_.dropBefore(skipThrough_);
    if (capture_.end() - capture_.start() > kMaxHeldBytes) {
        cutBlock(capture_.end());
        if (decided_ && !decisionFailed_) flush(false);
    }
}

// Compressed on a thread of its own (compress_stage.h) before the writer stores it.
void ParseWorker::cutBlock(int64_t end) {
    const size_t first = batch_.blocks.size();
    capture_.cutBefore(end, batch_.blocks);
    for (size_t i = first; i < batch_.blocks.size(); ++i)
        batch_.blocks[i].rawLength = static_cast<int64_t>(batch_.blocks[i].bytes.size());
}

void ParseWorker::keepBytesOf(const RawRecord& raw) {
    if (!captureStarted_) {
        if (skipThrough_ >= 0) capture_.dropBefore(raw.offset);
        captureStarted_ = true;
    }
    lastRecordEnd_ = std::max(lastRecordEnd_, raw.offset + static_cast<int64_t>(raw.bytes.size()));
}

void ParseWorker::onRequest(RequestRecord&& record, const RawRecord& raw) {
    if (skipped(raw)) return;
    if (auto why = implausibleCounts(record)) return onReject(raw, std::move(*why));
    keepBytesOf(raw);
    PendingRequest p;
    p.at = {raw.offset, static_cast<int64_t>(raw.bytes.size()), raw.line};
    p.rawVerbatim = capture_.holds(raw.offset, raw.bytes);
    if (!p.rawVerbatim) p.rawCopy.assign(raw.bytes);
    p.contentHash = fastHash64(record.contentBytes.empty() ? raw.bytes : record.contentBytes);
    if (record.recordKey.empty()) {
        p.recordKey = "content:" + hex16(p.contentHash);
        p.keyHash = p.contentHash;
    } else {
        keyScratch_.assign(record.keyFormat.empty() ? std::string_view(formatId_) : record.keyFormat);   // reused buffer
        keyScratch_ += '\x1f';
        keyScratch_ += record.recordKey;
        p.keyHash = fastHash64(keyScratch_);
    }
    const std::string_view promptText = record.promptInRecord.empty() ? record.prompt : record.promptInRecord;
    const std::string_view responseText = record.responseInRecord.empty() ? record.response : record.responseInRecord;
    if (!promptText.empty()) p.promptHash = promptFingerprint(promptText, normScratch_);
    p.rollupIds = rollups_.add(record);
    p.hasContent = !promptText.empty() || !responseText.empty();
    // Every analysis reads every prompt, in entity order: prompts are stored as text on the request
    // row. Responses, the bulk of the bytes, stay in the source blocks as slices of the record.
    if (!record.promptInRecord.empty()) record.prompt.assign(record.promptInRecord);
    if (!record.responseInRecord.empty())
        p.responseSlice = {record.responseInRecord.data() - raw.bytes.data(),
                           static_cast<int64_t>(record.responseInRecord.size())};
    else if (record.contentBytes.empty())   // a wrapped event's text is not searched for in its whole envelope
        p.responseSlice = sliceOf(raw.bytes, record.response);
    record.promptInRecord = record.responseInRecord = {};   // views into the input window: not kept
    record.keyFormat = record.contentBytes = {};
    batch_.bytes += raw.bytes.size() + record.prompt.size() + record.response.size();
    p.rec = std::move(record);
    batch_.requests.push_back(std::move(p));
}

void ParseWorker::onBucket(BucketRecord&& b, const RawRecord& raw) {
    if (skipped(raw)) return;
    if (auto why = implausibleCounts(b)) return onReject(raw, std::move(*why));
    keepBytesOf(raw);
    PendingBucket p;
    p.at = {raw.offset, static_cast<int64_t>(raw.bytes.size()), raw.line};
    const bool sameRecord = !batch_.buckets.empty() && batch_.buckets.back().at.offset == raw.offset;
    if (sameRecord) {
        p.raw = batch_.buckets.back().raw;
    } else {
        p.raw = std::make_shared<const std::string>(raw.bytes);
        batch_.bytes += raw.bytes.size();
    }
    // Identity of a bucket row: its pull (format, org, group-by) and its dimension tuple.
    std::string key = formatId_;
    for (const std::string* s : {&b.orgId, &b.groupBy, &b.projectId, &b.userId, &b.apiKeyId, &b.model,
                                 &b.serviceTier, &b.contextWindow, &b.lineItem}) {
        key += '\x1f';
        key += *s;
    }
    key += '\x1f' + std::to_string(b.startUs) + '\x1f' + std::to_string(b.endUs) + '\x1f' +
           (b.batch ? (*b.batch ? "1" : "0") : "");
    p.keyHash = fastHash64(key);
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("-"); };
    const std::string measures = num(b.numRequests) + ',' + num(b.inputTokens) + ',' + num(b.outputTokens) + ',' +
                                 num(b.cachedReadTokens) + ',' + num(b.cacheWriteTokens) + ',' +
                                 (b.costUsd ? std::to_string(*b.costUsd) : "-") + (b.isEmpty ? ",empty" : "");
    p.contentHash = fastHash64(measures);
    p.rec = std::move(b);
    batch_.buckets.push_back(std::move(p));
}

void ParseWorker::onReject(const RawRecord& raw, std::string reason) {
    if (skipped(raw)) return;
    keepBytesOf(raw);
    PendingReject r;
    batch_.bytes += std::min(raw.bytes.size(), kRejectRawCap);
    r.at = {raw.offset, static_cast<int64_t>(raw.bytes.size()), raw.line};
    r.truncated = raw.bytes.size() > kRejectRawCap;
    r.raw.assign(raw.bytes.substr(0, kRejectRawCap));
    r.reason = std::move(reason);
    batch_.rejects.push_back(std::move(r));
}

bool ParseWorker::endRecord(const RawRecord& raw) {
    if (skipped(raw)) return true;
    batch_.records += 1;
    batch_.lastOffset = raw.offset;
    if (lastRecordEnd_ - capture_.start() >= kBlockTarget) cutBlock(lastRecordEnd_);
    if (decided_) {
        const bool batchFull =
            txRows_ + batch_.rows() >= options_.batchRows || txBytes_ + batch_.bytes >= options_.batchBytes;
        if (batchFull) return flush(true);
        if (rollups_.keys() >= options_.maxRollupKeys) return flush(false, true);
        if (batch_.rows() >= options_.chunkRows || batch_.bytes >= options_.chunkBytes) return flush(false);
    }
    return !(options_.cancel && options_.cancel->load(std::memory_order_relaxed));
}

bool ParseWorker::flush(bool endTransaction, bool handOverRollups) {
    cutBlock(lastRecordEnd_);
    const bool empty = batch_.records == 0 && batch_.rows() == 0 && batch_.blocks.empty();
    if (empty && !(endTransaction && txOpen_)) return true;
    batch_.storedBytesRead = storedProbe_ ? storedProbe_() : 0;
    rollups_.takeNewNames(batch_.newNames);
    if (endTransaction || handOverRollups) rollups_.drainInto(batch_.rollups);
    if (endTransaction) {
        batch_.endsTransaction = true;
        txRows_ = txBytes_ = 0;
        txOpen_ = false;
    } else {
        txRows_ += batch_.rows();
        txBytes_ += batch_.bytes;
        txOpen_ = true;
    }
    const bool ok = queue_.push(std::move(batch_));
    batch_ = Batch{};
    batch_.requests.reserve(std::min<size_t>(options_.chunkRows, 4096));
    queue_.dropRetired();
    return ok && !(options_.cancel && options_.cancel->load(std::memory_order_relaxed));
}

namespace {

std::unique_ptr<JsonFormatReader> matchJsonReader(simdjson::dom::element el) {
    for (auto& candidate : makeAllReaders()) {
        if (candidate->kind() != FormatReader::Kind::Json) continue;
        auto* j = static_cast<JsonFormatReader*>(candidate.get());
        if (j->matches(el)) {
            candidate.release();
            return std::unique_ptr<JsonFormatReader>(j);
        }
    }
    return nullptr;
}

std::unique_ptr<CsvFormatReader> matchCsvReader(const std::vector<std::string>& header) {
    for (auto& candidate : makeAllReaders()) {
        if (candidate->kind() != FormatReader::Kind::Csv) continue;
        auto* c = static_cast<CsvFormatReader*>(candidate.get());
        if (c->matches(header)) {
            candidate.release();
            return std::unique_ptr<CsvFormatReader>(c);
        }
    }
    return nullptr;
}

// A reader's own error names the input file when the reader did not.
Error aboutFile(Error e, const std::string& path) {
    if (e.file.empty()) e.file = path;
    return e;
}

} // namespace

// Closes the queue however run() ends, so the writer never waits for a parse thread that gave up.
void ParseWorker::run() {
    struct CloseOnExit {
        BatchQueue& queue;
        ~CloseOnExit() { queue.close(); }
    } closeOnExit{queue_};
    auto opened = ByteSource::open(path_);
    if (!opened) return fail(opened.error());
    ByteSource& src = **opened;
    storedProbe_ = [&src] { return src.storedBytesRead(); };
    InputBuffer in(src, options_.maxRecordBytes);
    in.setReadTap([this](std::string_view bytes) { onBytesRead(bytes); });
    std::unique_ptr<FormatReader> forced;
    const auto kind = inputKind(in, forced);
    if (!kind) return;
    const bool ranToEnd =
        *kind == FormatReader::Kind::Json
            ? readJson(in, src.compression(), std::unique_ptr<JsonFormatReader>(static_cast<JsonFormatReader*>(forced.release())))
            : readCsv(in, src.compression(), std::unique_ptr<CsvFormatReader>(static_cast<CsvFormatReader*>(forced.release())));
    if (in.error()) fail(*in.error());
    else if (ranToEnd && decided_ && !decisionFailed_) {
        // A file that changed while it was read keeps what was read, and stays incomplete.
        readIdentity_ = src.finish();
        if (readIdentity_->change) fail(*readIdentity_->change);
    }
    if (decided_ && !decisionFailed_) {
        // Whatever follows the last record (a closing bracket, a newline) is kept too.
        if (captureStarted_) lastRecordEnd_ = capture_.end();
        flush(true);
    }
}

// JSON or CSV: the forced reader's kind, else the first non-blank byte. Fails (nullopt) on an
// empty or unreadable input and an unknown forced format.
std::optional<FormatReader::Kind> ParseWorker::inputKind(InputBuffer& in, std::unique_ptr<FormatReader>& forced) {
    in.ensure(4096);
    if (in.error() && in.window().empty()) {
        fail(*in.error());
        return std::nullopt;
    }
    // White space before the first record is read past whatever its length (up to a cap that
    // bounds memory): a file is "empty" only when nothing else follows.
    const size_t firstByte = in.firstNonSpace(options_.maxRecordBytes);
    if (firstByte == std::string_view::npos) {
        fail(in.error()   ? *in.error()
             : in.eof()   ? makeError(ErrorCode::Format, "input is empty (white space only)", path_)
                          : makeError(ErrorCode::Format, "input starts with more than " +
                                                             std::to_string(options_.maxRecordBytes) +
                                                             " bytes of white space; no log format does",
                                      path_));
        return std::nullopt;
    }
    const std::string_view head = in.window().substr(firstByte);
    if (format_ == "auto")
        return head.front() == '{' || head.front() == '[' || cloudWatchExportPrefix(head) > 0 ? FormatReader::Kind::Json
                                                                                              : FormatReader::Kind::Csv;
    forced = makeReader(format_);
    if (!forced) {
        fail(makeError(ErrorCode::Usage, "unknown format '" + format_ + "' (see siphon-cli formats)", path_));
        return std::nullopt;
    }
    return forced->kind();
}

// Picks the reader on the first record (unless forced) and announces the decision. False stops.
bool ParseWorker::decideJson(std::unique_ptr<JsonFormatReader>& reader, simdjson::dom::element el,
                             const RawRecord& raw, const std::function<std::string()>& hints) {
    if (!reader) reader = matchJsonReader(el);
    if (!reader) {
        fail(makeError(ErrorCode::Format,
                       "unrecognised JSON log format; tried: " + readerList(FormatReader::Kind::Json) +
                           " (use --format to choose one)",
                       path_, raw.line, raw.offset));
        return false;
    }
    formatId_ = std::string(reader->id());
    if (Status s = reader->begin(options_.settings); !s) {
        fail(aboutFile(s.error(), path_));
        return false;
    }
    return decide(hints());
}

bool ParseWorker::readJson(InputBuffer& in, const std::string& compression, std::unique_ptr<JsonFormatReader> reader) {
    JsonFramer* framerPtr = nullptr;
    int rejectsBefore = 0;
    const std::function<std::string()> hints = [&] {
        std::string w;
        for (const auto& x : framerPtr->wrappers()) w += (w.empty() ? "\"" : ",\"") + jsonEscape(x) + "\"";
        return "{\"compression\":\"" + compression + "\",\"layout\":\"" + framerPtr->layout() + "\",\"wrappers\":[" +
               w + "]}";
    };
    auto onRecord = [&](const RawRecord& raw, simdjson::dom::element el) -> bool {
        if (!decided_ && !decideJson(reader, el, raw, hints)) return false;
        reader->read(el, raw, *this);
        return endRecord(raw);
    };
    auto rejectRecord = [&](const RawRecord& raw, std::string reason) {
        if (!decided_ && ++rejectsBefore > kMaxRejectsBeforeDecision) return;
        onReject(raw, std::move(reason));
        endRecord(raw);
    };
    JsonFramer framer(in, onRecord, rejectRecord);
    framerPtr = &framer;
    if (!framer.run()) return false;
    if (decided_) return true;
    if (reader) {
        formatId_ = std::string(reader->id());
        decide(hints());
        return true;
    }
    const std::string tried = "tried: " + readerList(FormatReader::Kind::Json);
    fail(makeError(ErrorCode::Format,
                   batch_.rejects.empty() ? "no records found; " + tried
                                          : "no valid JSON record found (first problem: " +
                                                batch_.rejects.front().reason + "); " + tried,
                   path_));
    return true;
}

bool ParseWorker::readCsv(InputBuffer& in, const std::string& compression, std::unique_ptr<CsvFormatReader> reader) {
    CsvFramer framer(in);
    std::vector<std::string> header;
    if (!framer.readHeader(header)) {
        const std::string why = framer.headerProblem().empty() ? "cannot read a CSV header"
                                                                : "cannot read a CSV header: " + framer.headerProblem();
        fail(in.error() ? *in.error() : makeError(ErrorCode::Format, why, path_, 1, 0));
        return false;
    }
    if (!reader) reader = matchCsvReader(header);
    if (!reader) {
        std::string cols;
        for (size_t i = 0; i < header.size() && i < 8; ++i) cols += (i ? "," : "") + header[i].substr(0, 40);
        fail(makeError(ErrorCode::Format,
                       "unrecognised log format (header: " + cols + "); tried: " +
                           readerList(FormatReader::Kind::Json) + ", " + readerList(FormatReader::Kind::Csv) +
                           " (use --format, or --mapping for generic CSV)",
                       path_, 1, 0));
        return false;
    }
    formatId_ = std::string(reader->id());
    if (Status s = reader->begin(header, options_.settings); !s) {
        fail(aboutFile(s.error(), path_));
        return false;
    }
    decide("{\"compression\":\"" + compression + "\",\"layout\":\"csv\",\"columns\":" + std::to_string(header.size()) +
           "}");
    return framer.run(
        [&](const std::vector<std::string_view>& fields, const RawRecord& raw) {
            reader->read(fields, raw, *this);
            return endRecord(raw);
        },
        [&](const RawRecord& raw, std::string reason) {
            onReject(raw, std::move(reason));
            endRecord(raw);
        });
}

} // namespace siphon::ingest
