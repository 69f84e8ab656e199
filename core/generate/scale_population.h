#pragma once
// Narrow request rows (no prompt, no response) at any scale, streamed: every field of row i of day d
// is a pure function of (seed, d, i), so nothing about the population is held in memory and a
// 100M-row folder costs the same memory as a 1,000-row file.
//
// Columns (generic_csv names, 14): request_id, timestamp, account_id, project_id, api_key_id,
// user_id, source_ip, user_agent, model, endpoint, input_tokens, output_tokens, latency_ms, status.
// Rows of a day are in time order. Accounts draw traffic with a skew (a few heavy accounts, a long
// tail); the last `networkAccounts` accounts form one proxy network: shared proxy /16, one user
// agent, one model, templated token counts.
#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::generate {

struct ScaleOptions {
    uint64_t seed = 7;
    int64_t requests = 1'000'000;   // over `days` days; extra days (see writeNarrowDays) get requests / days
    int accounts = 20'000;
    int keysPerAccount = 3;
    int users = 900;
    int ips = 65'000;
    int days = 29;
    int networkAccounts = 0;        // bench-scale: 20,000 of 100,000
    int64_t startUs = 1767571200LL * 1'000'000;   // 2026-01-05T00:00:00Z, as generate's default
};

// Usage error for sizes that cannot make a population (non-positive counts, a network larger than
// the population).
Status validate(const ScaleOptions& o);

std::string_view narrowHeader();

// Rows on day `day` (0-based; days at or past o.days are "later" days of the same size).
int64_t narrowRowsOnDay(const ScaleOptions& o, int day);

// Appends day `day`'s row `i` (a CSV line with its newline) to out.
void appendNarrowRow(const ScaleOptions& o, int day, int64_t i, std::string& out);

struct NarrowFile {
    std::string path;
    int64_t rows = 0;
    uint64_t bytes = 0;
};

// Days [firstDay, firstDay + dayCount) into one CSV file (one header).
Result<NarrowFile> writeNarrowFile(const ScaleOptions& o, int firstDay, int dayCount, const std::string& path);

// One CSV file per day, named <dir>/day-<NNNN>.csv, for days [firstDay, firstDay + dayCount).
Result<std::vector<NarrowFile>> writeNarrowDays(const ScaleOptions& o, int firstDay, int dayCount,
                                                const std::string& dir);

// The account id of account index `a` as written (to find the network's members in a case).
std::string narrowAccountId(const ScaleOptions& o, int a);
bool isNetworkAccount(const ScaleOptions& o, int a);

} // namespace siphon::generate
