#pragma once
// Verifies an evidence bundle by streaming its ZIP entries (nothing is extracted to disk):
// every SHA256SUMS line against the entry's bytes, every manifest.json file (size and SHA-256),
// that no entry is unlisted, the audit chain in audit_log.jsonl (and its head against the
// manifest), and with a public key the Ed25519 signature over SHA256SUMS.
// Refused before anything else is trusted: entries with absolute paths, "..", backslashes,
// symlinks or other non-regular types, duplicates, more than kMaxEntries entries, and any entry
// (or the whole) decompressing past kMaxEntryBytes / kMaxTotalBytes (zip bombs).
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

constexpr int64_t kMaxEntries = 100'000;
constexpr int64_t kMaxEntryBytes = 4LL << 30;    // 4 GiB
constexpr int64_t kMaxTotalBytes = 16LL << 30;   // 16 GiB

struct VerifyReport {
    bool ok = true;
    bool refused = false;                 // unsafe archive: checks stopped
    std::vector<std::string> failures;    // one sentence each, naming the file
    std::vector<std::string> notes;       // what was checked
    int64_t filesChecked = 0;
    bool signatureChecked = false;
};

// Io error only when the file cannot be opened; everything else is in the report.
Result<VerifyReport> verifyBundle(const std::string& zipPath, const std::optional<std::string>& publicKeyPath);

} // namespace siphon::evidence
