#pragma once
// Minimal argument parsing for siphon-cli commands: positionals, --name VALUE options and --flags.
// Unknown options are a usage error (exit 2), never silently ignored.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace siphon::cli {

struct CommandSpec {
    std::set<std::string> valueOptions;   // e.g. "--format"
    std::set<std::string> flags;          // e.g. "--json"
};

class Args {
public:
    // argv[first..] after the command word. Returns nullopt and fills `error` on bad usage.
    static std::optional<Args> parse(int argc, char** argv, int first, const CommandSpec& spec, std::string& error);

    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    std::string valueOr(const std::string& name, const std::string& fallback) const {
        auto v = value(name);
        return v ? *v : fallback;
    }

private:
    std::vector<std::string> positional_;
    std::multimap<std::string, std::string> values_;
    std::set<std::string> flags_;
};

// Process exit codes of the CLI contract.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConflicts = 3;   // merge-review: merged what it could, conflicts listed and left out

int usageError(const std::string& message);   // prints "error: ..." and the hint; returns 2
int fatalError(const std::string& message);   // prints "error: ..." on one line; returns 1

} // namespace siphon::cli
