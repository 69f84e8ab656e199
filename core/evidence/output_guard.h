#pragma once
// An export must never write over what it exports from: the case, its SQLite side files (-wal,
// -shm, -journal), its audit anchor, or any source file the case was imported from. Paths are
// compared as files, not strings: the same inode and device when the file exists ("./c.siphon",
// a symlink or a hard link all name the case), the canonical path when it does not yet exist
// (a -wal appears only while the case is open).
#include "util/result.h"

#include <string>
#include <vector>

namespace siphon::evidence {

// Usage error naming what outPath (or its ".partial" working file) would overwrite. Relative
// source paths are tried against the working directory and the case's folder.
Status refuseOutputOverInputs(const std::string& outPath, const std::string& casePath,
                              const std::vector<std::string>& sourcePaths);

} // namespace siphon::evidence
