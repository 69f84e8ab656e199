#include "cli_args.h"
#include "terminal_text.h"

#include <cstdio>

namespace siphon::cli {

std::optional<Args> Args::parse(int argc, char** argv, int first, const CommandSpec& spec, std::string& error) {
    Args a;
    for (int i = first; i < argc; ++i) {
        std::string word = argv[i];
        if (word.rfind("--", 0) == 0 && word.size() > 2) {
            std::string value;
            bool inlineValue = false;
            if (auto eq = word.find('='); eq != std::string::npos) {
                value = word.substr(eq + 1);
                word = word.substr(0, eq);
                inlineValue = true;
            }
            if (spec.flags.count(word)) {
                if (inlineValue) {
                    error = word + " takes no value";
                    return std::nullopt;
                }
                a.flags_.insert(word);
            } else if (spec.valueOptions.count(word)) {
                if (!inlineValue) {
                    if (i + 1 >= argc) {
                        error = word + " needs a value";
                        return std::nullopt;
                    }
                    value = argv[++i];
                }
                a.values_.emplace(word, value);
            } else {
                error = "unknown option " + word;
                return std::nullopt;
            }
        } else {
            a.positional_.push_back(word);
        }
    }
    return a;
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = values_.equal_range(name);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "error: %s\n(see siphon-cli --help)\n", terminalSafe(message).c_str());
    return kExitUsage;
}

int fatalError(const std::string& message) {
    // One line, and no control characters: messages can quote ids and file contents.
    std::fprintf(stderr, "error: %s\n", terminalSafe(message).c_str());
    return kExitError;
}

} // namespace siphon::cli
