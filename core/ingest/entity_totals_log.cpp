#include "ingest/entity_totals_log.h"

#include "store/rollup_time.h"

namespace siphon::ingest {

namespace {

constexpr unsigned char kFormat = 1;
using store::rollup_time::kHourUs;

void putVarint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// An instant as whole hours (floored) and the microseconds past that hour.
std::pair<int64_t, int64_t> splitHour(int64_t us) {
    int64_t hours = us / kHourUs, rest = us % kHourUs;
    if (rest < 0) {
        hours -= 1;
        rest += kHourUs;
    }
    return {hours, rest};
}

class Reader {
public:
    explicit Reader(std::string_view blob) : blob_(blob) {}
    bool done() const { return at_ == blob_.size(); }
    bool varint(uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && at_ < blob_.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(blob_[at_++]);
            v |= static_cast<uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return true;
        }
        return false;
    }
    bool signedVarint(int64_t& v) {
        uint64_t u = 0;
        if (!varint(u)) return false;
        v = unzigzag(u);
        return true;
    }
    bool hourRest(int64_t& v) {
        uint64_t u = 0;
        if (!varint(u) || u >= static_cast<uint64_t>(kHourUs)) return false;
        v = static_cast<int64_t>(u);
        return true;
    }

private:
    std::string_view blob_;
    size_t at_ = 0;
};

bool decodeOne(Reader& in, int64_t& lastId, EntityTotalsDelta& d) {
    uint64_t step = 0;
    int64_t firstHours = 0, firstRest = 0, spanHours = 0, lastRest = 0;
    if (!in.varint(step) || step == 0 || step > static_cast<uint64_t>(INT64_MAX - lastId)) return false;
    if (!in.signedVarint(d.sums.requests) || !in.signedVarint(d.sums.input) || !in.signedVarint(d.sums.output))
        return false;
    if (!in.signedVarint(firstHours) || !in.hourRest(firstRest) || !in.signedVarint(spanHours) ||
        !in.hourRest(lastRest))
        return false;
    lastId += static_cast<int64_t>(step);
    d.id = lastId;
    d.firstHour = firstHours * kHourUs + firstRest;
    d.lastHour = (firstHours + spanHours) * kHourUs + lastRest;
    return true;
}

} // namespace

void encodeTotalsDeltas(const std::vector<EntityTotalsDelta>& deltas, std::string& out) {
    out.push_back(static_cast<char>(kFormat));
    int64_t lastId = 0;
    for (const EntityTotalsDelta& d : deltas) {
        const auto [firstHours, firstRest] = splitHour(d.firstHour);
        const auto [lastHours, lastRest] = splitHour(d.lastHour);
        putVarint(out, static_cast<uint64_t>(d.id - lastId));
        putVarint(out, zigzag(d.sums.requests));
        putVarint(out, zigzag(d.sums.input));
        putVarint(out, zigzag(d.sums.output));
        putVarint(out, zigzag(firstHours));
        putVarint(out, static_cast<uint64_t>(firstRest));
        putVarint(out, zigzag(lastHours - firstHours));
        putVarint(out, static_cast<uint64_t>(lastRest));
        lastId = d.id;
    }
}

bool decodeTotalsDeltas(std::string_view blob, std::vector<EntityTotalsDelta>& out) {
    if (blob.empty() || static_cast<unsigned char>(blob[0]) != kFormat) return false;
    Reader in(blob.substr(1));
    int64_t lastId = 0;
    while (!in.done()) {
        EntityTotalsDelta d{};
        if (!decodeOne(in, lastId, d)) return false;
        out.push_back(d);
    }
    return true;
}

Status EntityTotalsLog::prepare() {
    auto insert = db_.prepare("INSERT INTO entity_totals_pending(deltas) VALUES(?1)");
    if (!insert) return insert.error();
    insert_ = std::move(insert.value());
    return {};
}

Status EntityTotalsLog::append(std::vector<EntityTotalsDelta>& deltas) {
    if (deltas.empty()) return {};
    EntityTotalsUpdate::mergeById(deltas);
    std::string blob;
    encodeTotalsDeltas(deltas, blob);
    insert_.bindStaticBlob(1, blob);
    Status s = insert_.run();
    insert_.reset();
    if (!s) return s;
    logged_ += deltas.size();
    return logged_ >= kApplyAfterDeltas ? applyAll() : Status{};
}

// Adds the decoded deltas to `entity`, then forgets the blobs they came from. The deltas go to a
// temporary table in id order and one UPDATE seeks each of their rows: a set-based statement that
// costs what the rows touched cost, not what the case holds (WHERE id IN ... drives the loop).
Status EntityTotalsLog::applyBlobs(std::vector<EntityTotalsDelta>& deltas, int64_t throughId) {
    EntityTotalsUpdate::mergeById(deltas);
    if (Status s = stageDeltas(deltas); !s) return s;
    deltas.clear();
    if (Status s = db_.exec(
            "UPDATE entity SET (requests, input_tokens, output_tokens, first_hour_us, last_hour_us) ="
            " (SELECT entity.requests + d.requests, entity.input_tokens + d.input, entity.output_tokens + d.output,"
            " min(coalesce(entity.first_hour_us, d.first_hour), d.first_hour),"
            " max(coalesce(entity.last_hour_us, d.last_hour), d.last_hour)"
            " FROM temp.entity_totals_apply d WHERE d.id = entity.id)"
            " WHERE id IN (SELECT id FROM temp.entity_totals_apply)");
        !s)
        return s;
    auto del = db_.prepare("DELETE FROM entity_totals_pending WHERE id <= ?1");
    if (!del) return del.error();
    del->bind(1, throughId);
    return del->run();
}

// The merged deltas, in id order, as the only rows of a temporary table.
Status EntityTotalsLog::stageDeltas(const std::vector<EntityTotalsDelta>& deltas) {
    if (Status s = db_.exec("CREATE TEMP TABLE IF NOT EXISTS entity_totals_apply(id INTEGER PRIMARY KEY,"
                            " requests INTEGER, input INTEGER, output INTEGER, first_hour INTEGER, last_hour INTEGER);"
                            " DELETE FROM temp.entity_totals_apply");
        !s)
        return s;
    auto st = db_.prepare("INSERT INTO temp.entity_totals_apply VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return st.error();
    for (const EntityTotalsDelta& d : deltas) {
        st->bind(1, d.id).bind(2, d.sums.requests).bind(3, d.sums.input).bind(4, d.sums.output);
        st->bind(5, d.firstHour).bind(6, d.lastHour);
        Status s = st->run();
        st->reset();
        if (!s) return s;
    }
    return {};
}

// Blob by blob in log order, a bounded number of deltas at a time: the sums only add up.
Status EntityTotalsLog::applyAll() {
    logged_ = 0;
    std::vector<EntityTotalsDelta> deltas;
    for (int64_t after = 0;;) {
        auto read = db_.prepare("SELECT id, deltas FROM entity_totals_pending WHERE id > ?1 ORDER BY id");
        if (!read) return read.error();
        read->bind(1, after);
        bool readAny = false;
        for (store::StepResult r; (r = read->step()) != store::StepResult::Done;) {
            if (r == store::StepResult::Error) return db_.lastError("entity totals log");
            after = read->columnInt(0);
            readAny = true;
            if (!decodeTotalsDeltas(read->columnView(1), deltas))
                return makeError(ErrorCode::Corrupt, "damaged entity totals log entry " + std::to_string(after));
            if (deltas.size() >= kDeltasPerApply) break;
        }
        if (!readAny) return {};
        read.value() = store::Statement();   // done reading before the deletes
        if (Status s = applyBlobs(deltas, after); !s) return s;
    }
}

Status applyEntityTotalsLog(store::Database& db) {
    auto pending = db.queryInt("SELECT EXISTS(SELECT 1 FROM entity_totals_pending)");
    if (!pending) return pending.error();
    if (!*pending) return {};
    store::Transaction tx(db);
    if (!tx.began()) return tx.began();
    EntityTotalsLog log(db);
    if (Status s = log.prepare(); !s) return s;
    if (Status s = log.applyAll(); !s) return s;
    return tx.commit();
}

} // namespace siphon::ingest
