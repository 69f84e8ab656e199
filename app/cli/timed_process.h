#pragma once
// Runs a child process and measures it the same way for every contender in a benchmark:
// wall-clock seconds and peak resident memory (from wait4's rusage). That peak includes what the
// child shared with this process when it was forked: runTimed trims this process's heap first.
#include <string>
#include <vector>

namespace siphon::cli {

struct TimedRun {
    int exitCode = -1;
    double seconds = 0;
    long maxRssKb = 0;
};

// argv[0] is the program (looked up in PATH). stdinFile, when set, is connected to the child's stdin.
// The child's stdout/stderr go to /dev/null unless keepOutput; with stdoutFile, its stdout goes there.
TimedRun runTimed(const std::vector<std::string>& argv, const std::string& stdinFile = {}, bool keepOutput = false,
                  const std::string& stdoutFile = {});

// Path of the running executable (for re-invoking siphon-cli).
std::string selfExecutable();

} // namespace siphon::cli
