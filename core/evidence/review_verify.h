#pragma once
// Checks a review case (review_case.h) as it is opened: every record's bytes against the SHA-256
// taken at the cut, the records and sources digests against its origin row, and both against its
// "review-case" audit entry, which the hash chain holds in place. Read-only queries.
#include "evidence/review_guard.h"
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ReviewCheck {
    bool reviewCase = false; // false: an ordinary case, nothing checked
    ReviewOrigin origin;
    int64_t recordsChecked = 0;
    std::vector<std::string> problems; // one sentence each; empty means verified
    bool ok() const { return problems.empty(); }
    // For a status bar and `info`: "review case of master.siphon: 1,234 records, hashes verified".
    std::string sentence() const;
};

Result<ReviewCheck> verifyReviewCase(const store::Database& db);

} // namespace siphon::evidence
