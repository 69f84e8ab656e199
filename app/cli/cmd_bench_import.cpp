// bench-import: import throughput against `sqlite3 .import` of the same CSV in the same run,
// JSON-lines throughput, and peak memory of each, all measured on child processes alike.
#include "cli_args.h"
#include "commands.h"
#include "timed_process.h"

#include "generate/generator.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace siphon::cli {

namespace fs = std::filesystem;

namespace {

// Joins a format's generated files into one file (one CSV header), so both contenders read one input.
Result<int64_t> concatenate(const std::string& outDir, const generate::GenerateSummary& s, const std::string& format,
                            const std::string& target, bool csvHeader) {
    std::ofstream out(target, std::ios::binary);
    if (!out) return makeError(ErrorCode::Io, "cannot write", target);
    int64_t rows = 0;
    bool first = true;
    for (const auto& f : s.files) {
        if (f.format != format) continue;
        std::ifstream in(outDir + "/" + f.path, std::ios::binary);
        std::string line;
        bool header = csvHeader;
        while (std::getline(in, line)) {
            if (header) {
                header = false;
                if (!first) continue;
            }
            out << line << '\n';
        }
        first = false;
        rows += f.records;
    }
    return rows;
}

double mb(uint64_t bytes) { return double(bytes) / 1e6; }

} // namespace

int cmdBenchImport(int argc, char** argv) {
    CommandSpec spec{{"--accounts", "--days", "--dir", "--seed"}, {"--keep"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    generate::GenerateOptions gen;
    try {
        gen.accounts = std::stoi(args->valueOr("--accounts", "1300"));
        gen.days = std::stoi(args->valueOr("--days", "14"));
        gen.seed = std::stoull(args->valueOr("--seed", "7"));
    } catch (const std::exception&) {
        return usageError("--accounts, --days and --seed take whole numbers");
    }
    const std::string dir = args->valueOr("--dir", (fs::temp_directory_path() / "siphon-bench-import").string());
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    if (ec) return fatalError("cannot create " + dir + ": " + ec.message());

    std::printf("generating traffic (%d accounts, %d days, seed %llu) in %s ...\n", gen.accounts, gen.days,
                static_cast<unsigned long long>(gen.seed), dir.c_str());
    std::fflush(stdout);
    gen.outDir = dir + "/gen";
    gen.formats = {"generic_csv", "generic_jsonl"};
    gen.maxRecordsPerFile = 1 << 30;
    auto summary = generate::generate(gen);
    if (!summary) return fatalError(summary.error().describe());
    const std::string csv = dir + "/all.csv", jsonl = dir + "/all.jsonl";
    auto rows = concatenate(gen.outDir, *summary, "generic_csv", csv, true);
    if (!rows) return fatalError(rows.error().describe());
    auto jrows = concatenate(gen.outDir, *summary, "generic_jsonl", jsonl, false);
    if (!jrows) return fatalError(jrows.error().describe());
    const uint64_t csvBytes = fs::file_size(csv), jsonBytes = fs::file_size(jsonl);
    std::printf("input: %lld CSV rows (%.1f MB), %lld JSON lines (%.1f MB)\n", static_cast<long long>(*rows),
                mb(csvBytes), static_cast<long long>(*jrows), mb(jsonBytes));

    // Reference: sqlite3's own CSV import into a plain table, all TEXT columns, one transaction.
    const std::string refDb = dir + "/reference.db";
    const std::string script = dir + "/import.sql";
    std::ofstream(script) << ".mode csv\n.import " << csv << " t\n";
    const TimedRun ref = runTimed({"sqlite3", refDb}, script);
    if (ref.exitCode != 0) return fatalError("sqlite3 .import failed (is the sqlite3 package installed?)");

    const std::string self = selfExecutable();
    const TimedRun csvRun = runTimed({self, "import", dir + "/csv.siphon", csv, "--format", "generic_csv", "--quiet"});
    if (csvRun.exitCode != 0) return fatalError("siphon-cli import of the CSV failed");
    const TimedRun jsonRun =
        runTimed({self, "import", dir + "/jsonl.siphon", jsonl, "--format", "generic_jsonl", "--quiet"});
    if (jsonRun.exitCode != 0) return fatalError("siphon-cli import of the JSON lines failed");

    const double refRate = double(*rows) / ref.seconds;
    const double csvRate = double(*rows) / csvRun.seconds;
    std::printf("\n%-34s %10s %12s %10s %10s\n", "contender", "seconds", "rows/s", "MB/s", "peak RSS");
    std::printf("%-34s %10.2f %12.0f %10.1f %8.0f MB\n", "sqlite3 .import (plain TEXT table)", ref.seconds, refRate,
                mb(csvBytes) / ref.seconds, double(ref.maxRssKb) / 1024);
    std::printf("%-34s %10.2f %12.0f %10.1f %8.0f MB\n", "siphon import generic_csv", csvRun.seconds, csvRate,
                mb(csvBytes) / csvRun.seconds, double(csvRun.maxRssKb) / 1024);
    std::printf("%-34s %10.2f %12.0f %10.1f %8.0f MB\n", "siphon import generic_jsonl", jsonRun.seconds,
                double(*jrows) / jsonRun.seconds, mb(jsonBytes) / jsonRun.seconds, double(jsonRun.maxRssKb) / 1024);
    std::printf("\nratio siphon/sqlite3 rows/s: %.2fx (target >= 1.0x)\n", csvRate / refRate);
    std::printf("siphon does more per row: typed columns, provenance (file, offset, line) with the input's bytes\n"
                "kept as checksummed zstd blocks, SHA-256 of the file, exact dedup and conflicts, prompt\n"
                "fingerprints, and entity x minute/hour/model rollups at 5 levels.\n");
    if (!args->flag("--keep")) fs::remove_all(dir, ec);
    return kExitOk;
}

} // namespace siphon::cli
