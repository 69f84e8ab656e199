// siphon-cli generate: deterministic synthetic traffic with ground truth (core/generate).
#include "cli_args.h"
#include "commands.h"

#include "generate/generator.h"
#include "util/time_util.h"

#include <charconv>
#include <cstdio>

namespace siphon::cli {

namespace {

bool parseNumber(const std::string& text, long long& out) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

} // namespace

int cmdGenerate(int argc, char** argv) {
    CommandSpec spec{{"--out", "--seed", "--accounts", "--days", "--format", "--start", "--max-per-file"}, {"--dirty", "--quiet"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (!args->positional().empty()) return usageError("generate takes no positional arguments (use --out DIR)");
    auto out = args->value("--out");
    if (!out || out->empty()) return usageError("generate needs --out DIR");

    generate::GenerateOptions o;
    o.outDir = *out;
    long long n = 0;
    struct NumOpt {
        const char* name;
        long long lo, hi;
    };
    for (const NumOpt& opt : {NumOpt{"--seed", 0, (1LL << 62)}, NumOpt{"--accounts", 1, 1'000'000},
                              NumOpt{"--days", 1, 3660}, NumOpt{"--max-per-file", 1, 100'000'000}}) {
        auto v = args->value(opt.name);
        if (!v) continue;
        if (!parseNumber(*v, n) || n < opt.lo || n > opt.hi)
            return usageError(std::string(opt.name) + " needs an integer in " + std::to_string(opt.lo) + ".." +
                              std::to_string(opt.hi));
        if (std::string_view(opt.name) == "--seed") o.seed = static_cast<uint64_t>(n);
        else if (std::string_view(opt.name) == "--accounts") o.accounts = static_cast<int>(n);
        else if (std::string_view(opt.name) == "--days") o.days = static_cast<int>(n);
        else o.maxRecordsPerFile = static_cast<int>(n);
    }
    if (auto start = args->value("--start")) {
        auto t = timeutil::parseIso8601(*start);
        if (!t) return usageError("--start needs an ISO 8601 time, e.g. 2026-01-05T00:00:00Z");
        o.startUs = t->us;
    }
    const std::string format = args->valueOr("--format", "generic_csv");
    if (format == "all") {
        o.formats = generate::allFormats();
    } else {
        o.formats.clear();
        std::string known;
        for (const auto& f : generate::allFormats()) known += (known.empty() ? "" : ", ") + f;
        size_t pos = 0;
        while (pos <= format.size()) {
            const size_t comma = std::min(format.find(',', pos), format.size());
            const std::string one = format.substr(pos, comma - pos);
            bool ok = false;
            for (const auto& f : generate::allFormats()) ok = ok || f == one;
            if (!ok) return usageError("unknown format '" + one + "' (known: " + known + ", or all)");
            o.formats.push_back(one);
            pos = comma + 1;
        }
    }
    o.dirty = args->flag("--dirty");

    auto summary = generate::generate(o);
    if (!summary) {
        if (summary.error().code == ErrorCode::Usage) return usageError(summary.error().describe());
        return fatalError(summary.error().describe());
    }
    if (!args->flag("--quiet")) {
        std::printf("generated %lld simulated calls for %d accounts over %d days into %s\n",
                    static_cast<long long>(summary->simulatedRequests), o.accounts, o.days, o.outDir.c_str());
        for (const auto& [name, c] : summary->formats)
            std::printf("  %-20s %3lld files  %9lld requests  %7lld buckets  %5lld rejects  %5lld duplicates\n",
                        name.c_str(), static_cast<long long>(c.files), static_cast<long long>(c.requests),
                        static_cast<long long>(c.buckets), static_cast<long long>(c.rejects),
                        static_cast<long long>(c.duplicates));
        std::printf("truth: %s/truth/labels.csv (%lld rows), expected.json%s\n", o.outDir.c_str(),
                    static_cast<long long>(summary->labelRows), o.dirty ? ", faults.csv" : "");
    }
    return kExitOk;
}

} // namespace siphon::cli
