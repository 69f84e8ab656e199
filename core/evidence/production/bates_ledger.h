#pragma once
// Bates numbers that continue across productions. The case remembers them in its audit chain:
// each production appends a "production" entry with its prefix and first and last number, so the
// next production of the same prefix starts after the highest number used, and any gap or overlap
// between productions can be listed from the chain alone (by `verify` from a bundle's
// audit_log.jsonl, and in the report).
#include "evidence/audit_log.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence::production {

inline constexpr const char* kProductionAction = "production";

struct BatesRange {
    std::string prefix;
    int64_t first = 0, last = 0;
    int64_t auditSeq = 0;
};

// "PREFIX-000001": at least six digits.
std::string batesNumber(const std::string& prefix, int64_t n);

// True for prefixes safe in file names and load files: 1-24 of A-Z a-z 0-9 _ -.
bool isBatesPrefix(const std::string& prefix);

// Every production's range, in chain order.
std::vector<BatesRange> productionRanges(const std::vector<AuditEntry>& audit);

// The number after the highest one used with this prefix; 1 for a prefix never used.
int64_t nextBatesNumber(const std::vector<BatesRange>& ranges, const std::string& prefix);

// Gaps and overlaps between the productions of each prefix, in words; empty when they follow
// one another exactly from 1.
std::vector<std::string> batesProblems(const std::vector<BatesRange>& ranges);

} // namespace siphon::evidence::production
