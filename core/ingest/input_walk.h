#pragma once
// Which files an import reads when given files and folders. Folders are walked recursively, in
// name order. Symbolic links to files are read; symbolic links to folders are not followed (a link
// can point anywhere, or back up the tree) and, like broken links, FIFOs, sockets, devices and
// folders that cannot be listed, are returned as skipped, with the reason. A path named on the
// command line is taken as given (a named link to a folder is walked).
#include "ingest/import_types.h"

#include <string>
#include <vector>

namespace siphon::ingest {

struct InputList {
    std::vector<std::string> files;
    std::vector<SkippedInput> skipped;
};

// Errors: a named path that does not exist (or is a broken link).
Result<InputList> walkInputs(const std::vector<std::string>& paths);

} // namespace siphon::ingest
