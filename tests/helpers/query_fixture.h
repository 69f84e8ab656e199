#pragma once
// A small case built from a generic CSV: three accounts with known request counts and times,
// prompts for search, then analysed at the account level (when analysis is available).
#include "test_paths.h"

#include <string>

namespace siphon::test {

struct QueryCase {
    TempDir dir;
    std::string path;   // the .siphon file
    // acct-bot: 200 requests, one per 15 min from 2026-01-05T00:00Z, model m-a/m-b alternating,
    //           prompts "please explain step by step <n>".
    // acct-human: 20 requests, hourly 09:00..12:00 on 5 days, model m-a, prompt "hello there".
    // acct-small: 3 requests.
};

// Builds the case (import + analysis). Fails the current test on error.
void buildQueryCase(QueryCase& c, bool analyse = true);

} // namespace siphon::test
