#pragma once
// Verifies an evidence bundle by streaming its ZIP entries (nothing is extracted to disk):
// every SHA256SUMS line against the entry's bytes, every manifest.json file (size and SHA-256),
// that no entry is unlisted, the audit chain in audit_log.jsonl (and its head against the
// manifest), and with a public key the Ed25519 signature over SHA256SUMS.
// Refused before anything else is trusted: entries with absolute paths, "..", backslashes,
// symlinks or other non-regular types, duplicates (also under another spelling: "./x", case,
// Unicode form), more entries than VerifyLimits allows, and any entry (or the whole)
// decompressing past its limit or past the size its header declares (zip bombs). Every entry is
// judged as an extractor will see it (zip_structure.h): a "directory" whose name has no trailing
// '/' is a file to unzip, so it is refused, never skipped. Nothing is written to disk, so a
// refused bundle costs CPU time only, never space. A pipe or device (no random access to the
// central directory) is checked for bombs, then refused.
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

// The defaults leave room for the largest cases' evidence files while bounding the CPU a hostile
// archive can cost (hashing 16 GiB); memory stays bounded whatever the limits (entries are
// streamed; only the three descriptive files are held). Tests and the fuzzer pass smaller ones.
struct VerifyLimits {
    int64_t maxEntries = 100'000;
    int64_t maxEntryBytes = 4LL << 30;    // 4 GiB decompressed, one entry
    int64_t maxTotalBytes = 16LL << 30;   // 16 GiB decompressed, all entries
    int64_t maxKeptBytes = 64LL << 20;    // SHA256SUMS, manifest.json, audit_log.jsonl (held in memory)
};

struct VerifyReport {
    bool ok = true;
    bool refused = false;                 // unsafe archive: checks stopped
    std::vector<std::string> failures;    // one sentence each, naming the file
    std::vector<std::string> notes;       // what was checked
    int64_t filesChecked = 0;
    bool signatureChecked = false;
    // The bundle's audit chain (audit_log.jsonl), when it parsed and verified: an examiner compares
    // these with the anchor kept outside the case (docs/integrity.md).
    int64_t auditEntries = -1;
    std::string auditHeadHash;
    std::vector<std::string> auditHashes;   // every entry's hash, in seq order
};

// Io error only when the file cannot be opened; everything else is in the report.
Result<VerifyReport> verifyBundle(const std::string& zipPath, const std::optional<std::string>& publicKeyPath,
                                  const VerifyLimits& limits = {});

} // namespace siphon::evidence
