#pragma once
// The case's append-only, hash-chained audit log (chain of custody). Every import, analysis run,
// tag, untag, note and export appends one entry. Triggers in the schema refuse UPDATE/DELETE.
//
// Entry hash (hex SHA-256) over this canonical serialisation (netstring-like, unambiguous):
//   "siphon-audit-v1\n" then for each of seq, ts_us, author, action, payload, prev_hash:
//   <decimal byte length> ":" <UTF-8 bytes> "\n"
// seq and ts_us are decimal integers; payload is canonical JSON (see canonical_json.h);
// prev_hash of the first entry is 64 '0'. Anyone can recompute it from audit_log.jsonl.
#include "store/database.h"

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence {

struct AuditEntry {
    int64_t seq = 0;
    int64_t tsUs = 0;          // UTC microseconds
    std::string author;
    std::string action;        // e.g. "import", "analyze", "tag", "untag", "note", "export"
    std::string payload;       // canonical JSON object
    std::string prevHash;
    std::string hash;
};

inline const std::string kGenesisHash(64, '0');

std::string auditEntryHash(int64_t seq, int64_t tsUs, std::string_view author, std::string_view action,
                           std::string_view payload, std::string_view prevHash);

// Appends an entry stamped with the current UTC time (or tsUs when > 0). Runs inside the caller's
// transaction if one is open, otherwise in its own, and then updates the case's anchor sidecar
// (chain_anchor.h); a caller that passes its own transaction calls writeChainAnchor after commit.
Result<AuditEntry> appendAudit(store::Database& db, const std::string& author, const std::string& action,
                               const QJsonObject& payload, int64_t tsUs = 0);
// Same, with payload given as JSON text (canonicalised before hashing).
Result<AuditEntry> appendAudit(store::Database& db, const std::string& author, const std::string& action,
                               const std::string& payloadJson, int64_t tsUs = 0);

Result<std::vector<AuditEntry>> loadAudit(const store::Database& db);

struct ChainCheck {
    bool ok = true;
    int64_t entries = 0;
    int64_t firstBrokenSeq = -1;   // -1 when ok
    std::string problem;           // human sentence naming the entry and what is wrong
};

// Recomputes every hash and link, in seq order; seqs must be 1, 2, 3, ... without gaps.
ChainCheck verifyAuditChain(const std::vector<AuditEntry>& entries);
Result<ChainCheck> verifyAuditChain(const store::Database& db);

// One entry as a JSON object (seq, ts, time (ISO 8601 UTC), author, action, payload (object),
// prev_hash, hash) — the audit_log.jsonl line format — and back.
QJsonObject auditEntryToJson(const AuditEntry& e);
Result<AuditEntry> auditEntryFromJson(const QJsonObject& o);

} // namespace siphon::evidence
