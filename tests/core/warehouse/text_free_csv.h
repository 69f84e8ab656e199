#pragma once
// Copies of generated generic CSV files without their prompt and response columns, optionally
// keeping only some accounts' rows: the records a warehouse table without text columns holds
// (whole), and the records `warehouse pull` would bring of some entities (filtered).
#include <set>
#include <string>
#include <vector>

namespace siphon::test {

// Writes each file's copy into outDir (same file name) and returns the copies' paths. With an
// empty `accounts` every row is kept. Fails the current test on a malformed file.
std::vector<std::string> textFreeCopies(const std::vector<std::string>& csvFiles, const std::string& outDir,
                                        const std::set<std::string>& accounts = {});

} // namespace siphon::test
