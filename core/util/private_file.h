#pragma once
// Case files, their WAL and the bundles exported from them hold an adversary's prompts and an
// investigation's conclusions: they are created readable by their owner only (mode 0600; a
// stricter umask still applies). SQLite gives a database's -wal and -shm files the database's
// own mode, so creating the case file privately protects them too.
#include "util/result.h"

#include <optional>
#include <string>

namespace siphon::util {

// Creates `path` as an empty file with mode 0600 (minus the umask). Fails when it exists.
Status createPrivateFile(const std::string& path);

// Replaces whatever is at `path` (a stale temporary file) with a new private one.
Status recreatePrivateFile(const std::string& path);

// A warning when others may read `path` ("readable by its group and others (mode 0644)"),
// nothing when only the owner may, or when it cannot be examined.
std::optional<std::string> sharedReadWarning(const std::string& path);

} // namespace siphon::util
