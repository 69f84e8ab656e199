#pragma once
// The audit chain's anchor outside the case: CASE.chain, a small text file next to the case that
// records the chain's length and head hash after every audited change. Someone who deletes the
// last audit rows (after dropping the no-delete trigger) leaves a chain that verifies on its own;
// the anchor shows it is shorter than it was. The sidecar lives beside the case, so whoever can
// replace the case can replace it too: an examiner copies its head hash somewhere else as well
// (an e-mail to counsel, a notarised note) — see docs/integrity.md.
//
// Format (ASCII, three lines):
//   siphon-audit-anchor-v1
//   entries <decimal>
//   head <64 hex>
#include "evidence/audit_log.h"
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ChainAnchor {
    int64_t entries = 0;
    std::string headHash;
};

std::string chainAnchorPath(const std::string& casePath);

// Writes the case's current head to its sidecar (temp file + rename). A case without a file path
// (in memory) has no sidecar.
Status writeChainAnchor(const store::Database& db);

// nullopt when there is no sidecar; an error when it exists but cannot be read or parsed.
Result<std::optional<ChainAnchor>> readChainAnchor(const std::string& casePath);

enum class AnchorMatch { Absent, Matches, Ahead, Contradicts };

struct AnchorCheck {
    AnchorMatch match = AnchorMatch::Absent;
    std::optional<ChainAnchor> anchor;
    std::string sentence;   // for people: what was compared and what it means
};

// Compares a chain (already verified link by link) with an anchor: the chain must contain the
// anchored head at the anchored length. Later entries are fine (Ahead); fewer, or another hash at
// that position, Contradicts.
AnchorCheck compareWithAnchor(const std::vector<AuditEntry>& chain, const std::optional<ChainAnchor>& anchor,
                              const std::string& anchorName);

} // namespace siphon::evidence
