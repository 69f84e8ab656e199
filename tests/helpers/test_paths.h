#pragma once
// Paths and small utilities shared by the test suites.
#include <string>
#include <vector>

namespace siphon::test {

std::string fixture(const std::string& relative);        // tests/fixtures/<relative>
std::string sharedDir();                                 // ../shared (may not exist)
bool sharedSamplesAvailable();                           // ../shared/real-samples exists
// True in CI: the environment has CI=true (or 1), or CMake was run with SIPHON_REQUIRE_SHARED=ON.
// Tests that need ../shared then fail instead of skipping (shared_data.h).
bool sharedDataRequired();
std::string cliPath();   // the built siphon-cli, or the binary the environment variable SIPHON_TEST_CLI names

// A fresh temporary directory, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

struct RunResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs the CLI with arguments (no shell), capturing stdout and stderr.
RunResult runCli(const std::vector<std::string>& args);

void writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

} // namespace siphon::test
