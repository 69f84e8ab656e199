#include "test_paths.h"

#include <QProcess>
#include <QStringList>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace siphon::test {

std::string fixture(const std::string& relative) { return std::string(SIPHON_FIXTURES_DIR) + "/" + relative; }
std::string sharedDir() { return SIPHON_SHARED_DIR; }
bool sharedSamplesAvailable() { return std::filesystem::is_directory(sharedDir() + "/real-samples"); }
// SIPHON_TEST_CLI names another siphon-cli to run instead of the one built with the tests: today's
// tests against an older binary show which of them fail on the code as it was (docs/integrity.md).
std::string cliPath() {
    const char* other = std::getenv("SIPHON_TEST_CLI");
    return other && *other ? std::string(other) : std::string(SIPHON_CLI_PATH);
}

bool sharedDataRequired() {
    if (SIPHON_REQUIRE_SHARED) return true;
    const char* ci = std::getenv("CI");
    if (!ci) return false;
    const std::string v(ci);
    return v == "true" || v == "1" || v == "TRUE" || v == "True";
}

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int i = 0; i < 100; ++i) {
        auto p = base / ("siphon-test-" + std::to_string(rd()));
        std::error_code ec;
        if (std::filesystem::create_directory(p, ec)) {
            path_ = p.string();
            return;
        }
    }
    throw std::runtime_error("cannot create temp dir");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
}

RunResult runCli(const std::vector<std::string>& args) {
    QProcess p;
    QStringList list;
    for (const auto& a : args) list << QString::fromStdString(a);
    p.start(QString::fromStdString(cliPath()), list);
    p.closeWriteChannel();
    p.waitForFinished(600000);
    RunResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace siphon::test
