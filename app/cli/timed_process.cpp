#include "timed_process.h"

#include <chrono>
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>

namespace siphon::cli {

TimedRun runTimed(const std::vector<std::string>& argv, const std::string& stdinFile, bool keepOutput,
                  const std::string& stdoutFile) {
    TimedRun r;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Flush what earlier steps wrote (generated inputs, another contender's database), so no run
    // pays for the writeback of files that are not its own.
    ::sync();
    // A child's peak RSS (wait4) starts from the pages it shares with this process at fork: hand
    // freed heap back first, so a contender is not charged for the inputs this process generated.
    malloc_trim(0);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) return r;
    if (pid == 0) {
        if (!stdinFile.empty()) {
            const int fd = ::open(stdinFile.c_str(), O_RDONLY);
            if (fd >= 0) dup2(fd, STDIN_FILENO);
        }
        if (!keepOutput) {
            const int null = ::open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
            }
        }
        if (!stdoutFile.empty()) {
            const int out = ::open(stdoutFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (out >= 0) dup2(out, STDOUT_FILENO);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage{};
    wait4(pid, &status, 0, &usage);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.maxRssKb = usage.ru_maxrss;
    return r;
}

std::string selfExecutable() {
    char buf[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "siphon-cli";
    buf[n] = '\0';
    return buf;
}

} // namespace siphon::cli
