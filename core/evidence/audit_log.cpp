#include "evidence/audit_log.h"

#include "evidence/canonical_json.h"
#include "evidence/chain_anchor.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/time_util.h"

#include <QJsonDocument>

#include <sqlite3.h>

#include <optional>

namespace siphon::evidence {

namespace {

void field(Sha256& h, std::string_view bytes) {
    const std::string len = std::to_string(bytes.size()) + ":";
    h.update(len);
    h.update(bytes);
    h.update("\n");
}

} // namespace

std::string auditEntryHash(int64_t seq, int64_t tsUs, std::string_view author, std::string_view action,
                           std::string_view payload, std::string_view prevHash) {
    Sha256 h;
    h.update("siphon-audit-v1\n");
    field(h, std::to_string(seq));
    field(h, std::to_string(tsUs));
    field(h, author);
    field(h, action);
    field(h, payload);
    field(h, prevHash);
    return h.finishHex();
}

Result<AuditEntry> appendAudit(store::Database& db, const std::string& author, const std::string& action,
                               const QJsonObject& payload, int64_t tsUs) {
    return appendAudit(db, author, action, canonicalJson(payload), tsUs);
}

Result<AuditEntry> appendAudit(store::Database& db, const std::string& author, const std::string& action,
                               const std::string& payloadJson, int64_t tsUs) {
    auto canonical = canonicalizeJson(payloadJson.empty() ? std::string_view("{}") : std::string_view(payloadJson));
    if (!canonical) return canonical.error();
    if (author.empty()) return makeError(ErrorCode::Usage, "audit entries need an author");
    // Join the caller's transaction when there is one (the tag and its audit entry commit together);
    // otherwise take the write lock ourselves so seq and prev_hash cannot race another writer.
    std::optional<store::Transaction> own;
    if (sqlite3_get_autocommit(db.handle()) != 0) {
        own.emplace(db);
        if (!own->began()) return own->began().error();
    }
    AuditEntry e;
    e.author = author;
    e.action = action;
    e.payload = std::move(*canonical);
    e.tsUs = tsUs > 0 ? tsUs : timeutil::nowUs();
    {
        auto st = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        if (!st) return st.error();
        auto r = st->step();
        if (r == store::StepResult::Error) return db.lastError("reading the audit log");
        if (r == store::StepResult::Row) {
            e.seq = st->columnInt(0) + 1;
            e.prevHash = st->columnText(1);
        } else {
            e.seq = 1;
            e.prevHash = kGenesisHash;
        }
    }
    e.hash = auditEntryHash(e.seq, e.tsUs, e.author, e.action, e.payload, e.prevHash);
    auto ins = db.prepare(
        "INSERT INTO audit_log (seq, ts_us, author, action, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?)");
    if (!ins) return ins.error();
    ins->bind(1, e.seq).bind(2, e.tsUs).bind(3, e.author).bind(4, e.action).bind(5, e.payload).bind(6, e.prevHash).bind(
        7, e.hash);
    if (Status s = ins->run(); !s) return s.error();
    qCInfo(log::lcEvidence).noquote() << "audit entry" << e.seq << QString::fromStdString(e.action) << "by"
                                      << QString::fromStdString(e.author)
                                      << (own ? "committed" : "written in the caller's transaction");
    qCDebug(log::lcEvidence).noquote() << "audit entry" << e.seq << "payload" << QString::fromStdString(e.payload);
    if (own) {
        if (Status s = own->commit(); !s) return s.error();
        // Best effort: a sidecar that cannot be written (read-only folder) is reported as absent or
        // behind by the next check, never as a broken chain.
        (void)writeChainAnchor(db);
    }
    return e;
}

Result<std::vector<AuditEntry>> loadAudit(const store::Database& db) {
    auto st = db.prepare("SELECT seq, ts_us, author, action, payload, prev_hash, hash FROM audit_log ORDER BY seq");
    if (!st) return st.error();
    std::vector<AuditEntry> out;
    for (;;) {
        auto r = st->step();
        if (r == store::StepResult::Done) break;
        if (r == store::StepResult::Error) return db.lastError("reading the audit log");
        out.push_back({st->columnInt(0), st->columnInt(1), st->columnText(2), st->columnText(3), st->columnText(4),
                       st->columnText(5), st->columnText(6)});
    }
    return out;
}

ChainCheck verifyAuditChain(const std::vector<AuditEntry>& entries) {
    ChainCheck c;
    c.entries = static_cast<int64_t>(entries.size());
    std::string prev = kGenesisHash;
    int64_t expectSeq = 1;
    auto fail = [&](const AuditEntry& e, const std::string& why) {
        c.ok = false;
        c.firstBrokenSeq = e.seq;
        c.problem = "audit entry seq " + std::to_string(e.seq) + " (" + e.action + " by " + e.author + "): " + why;
        return c;
    };
    for (const AuditEntry& e : entries) {
        if (e.seq != expectSeq) return fail(e, "sequence gap: expected seq " + std::to_string(expectSeq));
        if (e.prevHash != prev) return fail(e, "prev_hash does not match the previous entry's hash");
        auto canonical = canonicalizeJson(e.payload);
        if (!canonical || *canonical != e.payload) return fail(e, "payload is not canonical JSON");
        if (auditEntryHash(e.seq, e.tsUs, e.author, e.action, e.payload, e.prevHash) != e.hash)
            return fail(e, "hash does not match the entry's contents (entry was altered)");
        prev = e.hash;
        ++expectSeq;
    }
    return c;
}

Result<ChainCheck> verifyAuditChain(const store::Database& db) {
    auto entries = loadAudit(db);
    if (!entries) return entries.error();
    return verifyAuditChain(*entries);
}

QJsonObject auditEntryToJson(const AuditEntry& e) {
    QJsonObject o;
    o[QStringLiteral("seq")] = static_cast<double>(e.seq);
    o[QStringLiteral("ts_us")] = static_cast<double>(e.tsUs);
    o[QStringLiteral("time")] = QString::fromStdString(timeutil::formatIso8601(e.tsUs, true));
    o[QStringLiteral("author")] = QString::fromStdString(e.author);
    o[QStringLiteral("action")] = QString::fromStdString(e.action);
    o[QStringLiteral("payload")] =
        QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
    o[QStringLiteral("prev_hash")] = QString::fromStdString(e.prevHash);
    o[QStringLiteral("hash")] = QString::fromStdString(e.hash);
    return o;
}

Result<AuditEntry> auditEntryFromJson(const QJsonObject& o) {
    const QStringList need = {QStringLiteral("seq"), QStringLiteral("ts_us"), QStringLiteral("author"),
                              QStringLiteral("action"), QStringLiteral("payload"), QStringLiteral("prev_hash"),
                              QStringLiteral("hash")};
    for (const QString& k : need)
        if (!o.contains(k)) return makeError(ErrorCode::Format, "audit entry lacks \"" + k.toStdString() + "\"");
    if (!o.value(QStringLiteral("payload")).isObject())
        return makeError(ErrorCode::Format, "audit entry payload is not an object");
    AuditEntry e;
    e.seq = static_cast<int64_t>(o.value(QStringLiteral("seq")).toDouble());
    e.tsUs = static_cast<int64_t>(o.value(QStringLiteral("ts_us")).toDouble());
    e.author = o.value(QStringLiteral("author")).toString().toStdString();
    e.action = o.value(QStringLiteral("action")).toString().toStdString();
    e.payload = canonicalJson(o.value(QStringLiteral("payload")).toObject());
    e.prevHash = o.value(QStringLiteral("prev_hash")).toString().toStdString();
    e.hash = o.value(QStringLiteral("hash")).toString().toStdString();
    return e;
}

} // namespace siphon::evidence
