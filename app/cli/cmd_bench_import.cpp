// bench-import: import throughput on each shape of log investigators receive, each against
// `sqlite3 .import` of the same files in the same run, with peak memory, all measured on child
// processes alike. Shapes:
//   narrow  one CSV of narrow rows (14 columns, no prompt or response; 20,000 accounts x 3 keys,
//           ~900 users, ~65,000 IPs, 29 days)
//   wide    one CSV of generated rows with prompts and responses (generate's generic_csv), and the
//           same rows as JSON lines (MB/s)
//   folder  a folder of 30 daily narrow files
//   second  3 more daily files imported into the folder's case (and appended to its reference)
#include "bench_shapes.h"
#include "cli_args.h"
#include "commands.h"

#include "generate/generator.h"
#include "generate/scale_population.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace siphon::cli {

namespace fs = std::filesystem;

namespace {

struct BenchOptions {
    int64_t requests = 1'000'000;   // narrow rows, and the folder's rows
    int accounts = 1300;            // wide shape (generate)
    int days = 14;
    uint64_t seed = 7;
    std::set<std::string> shapes = {"narrow", "wide", "folder", "second"};
    std::string dir;
};

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

// The narrow file: 20,000 accounts with 3 keys each, ~900 users, ~65,000 IPs, 29 days.
generate::ScaleOptions narrowPopulation(const BenchOptions& b, int days) {
    generate::ScaleOptions o;
    o.seed = b.seed;
    o.requests = b.requests;
    o.days = days;
    return o;
}

BenchInput inputOf(const std::vector<generate::NarrowFile>& files, const std::string& importArg) {
    BenchInput in;
    in.importArg = importArg;
    for (const auto& f : files) {
        in.files.push_back(f.path);
        in.rows += f.rows;
        in.bytes += f.bytes;
    }
    return in;
}

Result<ShapeRun> narrowShape(const BenchOptions& b) {
    const std::string path = b.dir + "/narrow.csv";
    auto file = generate::writeNarrowFile(narrowPopulation(b, 29), 0, 29, path);
    if (!file) return file.error();
    return raceShape("narrow", inputOf({*file}, path), b.dir + "/narrow-ref.db", b.dir + "/narrow.siphon", Target::Fresh,
                     b.dir);
}

// The folder and, into the same case and reference, 3 more days of the same population.
Result<std::vector<ShapeRun>> folderShapes(const BenchOptions& b) {
    const auto pop = narrowPopulation(b, 30);
    const std::string folder = b.dir + "/days", later = b.dir + "/later";
    auto days = generate::writeNarrowDays(pop, 0, 30, folder);
    if (!days) return days.error();
    std::vector<ShapeRun> runs;
    const std::string ref = b.dir + "/folder-ref.db", casePath = b.dir + "/folder.siphon";
    runs.push_back(raceShape("folder", inputOf(*days, folder), ref, casePath, Target::Fresh, b.dir));
    if (!b.shapes.count("second") || !runs.back().ok) return runs;
    auto more = generate::writeNarrowDays(pop, 30, 3, later);
    if (!more) return more.error();
    runs.push_back(raceShape("second", inputOf(*more, later), ref, casePath, Target::Existing, b.dir));
    return runs;
}

Result<std::vector<ShapeRun>> wideShapes(const BenchOptions& b) {
    generate::GenerateOptions gen;
    gen.accounts = b.accounts;
    gen.days = b.days;
    gen.seed = b.seed;
    gen.outDir = b.dir + "/gen";
    gen.formats = {"generic_csv", "generic_jsonl"};
    gen.maxRecordsPerFile = 1 << 30;
    auto summary = generate::generate(gen);
    if (!summary) return summary.error();
    BenchInput csv, jsonl;
    csv.importArg = b.dir + "/wide.csv";
    jsonl.importArg = b.dir + "/wide.jsonl";
    jsonl.format = "generic_jsonl";
    auto rows = concatenate(gen.outDir, *summary, "generic_csv", csv.importArg, true);
    if (!rows) return rows.error();
    auto jrows = concatenate(gen.outDir, *summary, "generic_jsonl", jsonl.importArg, false);
    if (!jrows) return jrows.error();
    fs::remove_all(gen.outDir);
    csv.files = {csv.importArg};
    csv.rows = *rows;
    csv.bytes = fs::file_size(csv.importArg);
    std::vector<ShapeRun> runs;
    runs.push_back(raceShape("wide", csv, b.dir + "/wide-ref.db", b.dir + "/wide.siphon", Target::Fresh, b.dir));
    // JSON lines: sqlite3 cannot import them; the siphon run is timed against the CSV reference.
    jsonl.rows = *jrows;
    jsonl.bytes = fs::file_size(jsonl.importArg);
    ShapeRun j;
    j.name = "wide-jsonl";
    j.input = jsonl;
    j.reference = runs.back().reference;
    j.referenceBytes = runs.back().referenceBytes;
    j.siphon = runTimed({selfExecutable(), "import", b.dir + "/wide-jsonl.siphon", jsonl.importArg, "--format",
                         "generic_jsonl", "--quiet"});
    j.ok = j.siphon.exitCode == 0;
    if (!j.ok) j.error = "siphon-cli import of the JSON lines failed";
    runs.push_back(j);
    return runs;
}

std::optional<BenchOptions> parseOptions(const Args& args, std::string& err) {
    BenchOptions b;
    try {
        b.requests = std::stoll(args.valueOr("--requests", "1000000"));
        b.accounts = std::stoi(args.valueOr("--accounts", "1300"));
        b.days = std::stoi(args.valueOr("--days", "14"));
        b.seed = std::stoull(args.valueOr("--seed", "7"));
    } catch (const std::exception&) {
        err = "--requests, --accounts, --days and --seed take whole numbers";
        return std::nullopt;
    }
    if (b.requests < 30 || b.accounts < 1 || b.days < 1) {
        err = "--requests must be at least 30, --accounts and --days at least 1";
        return std::nullopt;
    }
    if (auto list = args.value("--shapes")) {
        b.shapes.clear();
        std::stringstream ss(*list);
        for (std::string s; std::getline(ss, s, ',');) {
            if (s != "narrow" && s != "wide" && s != "folder" && s != "second") {
                err = "unknown shape '" + s + "' (narrow, wide, folder, second)";
                return std::nullopt;
            }
            b.shapes.insert(s);
        }
        if (b.shapes.count("second")) b.shapes.insert("folder");   // the second import needs the folder's case
    }
    b.dir = args.valueOr("--dir", (fs::temp_directory_path() / "siphon-bench-import").string());
    return b;
}

Status appendRuns(std::vector<ShapeRun>& all, Result<std::vector<ShapeRun>> runs) {
    if (!runs) return runs.error();
    for (auto& r : *runs) all.push_back(std::move(r));
    return {};
}

} // namespace

int cmdBenchImport(int argc, char** argv) {
    CommandSpec spec{{"--requests", "--accounts", "--days", "--shapes", "--dir", "--seed"}, {"--keep"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    auto b = parseOptions(*args, err);
    if (!b) return usageError(err);
    std::error_code ec;
    fs::remove_all(b->dir, ec);
    fs::create_directories(b->dir, ec);
    if (ec) return fatalError("cannot create " + b->dir + ": " + ec.message());

    std::printf("bench-import in %s: narrow %lld rows, wide %d accounts x %d days, seed %llu\n", b->dir.c_str(),
                static_cast<long long>(b->requests), b->accounts, b->days, static_cast<unsigned long long>(b->seed));
    std::fflush(stdout);
    std::vector<ShapeRun> runs;
    if (b->shapes.count("narrow")) {
        auto r = narrowShape(*b);
        if (!r) return fatalError(r.error().describe());
        runs.push_back(std::move(*r));
    }
    if (b->shapes.count("wide"))
        if (Status s = appendRuns(runs, wideShapes(*b)); !s) return fatalError(s.error().describe());
    if (b->shapes.count("folder"))
        if (Status s = appendRuns(runs, folderShapes(*b)); !s) return fatalError(s.error().describe());
    printShapeTable(runs);
    std::printf("siphon does more per row: typed columns, provenance (file, offset, line) with the input's bytes\n"
                "kept as checksummed zstd blocks, SHA-256 of each file, exact dedup and conflicts across runs,\n"
                "and per-day entity rollups at 5 levels. wide-jsonl is timed against the wide CSV's reference.\n");
    if (!args->flag("--keep")) fs::remove_all(b->dir, ec);
    for (const auto& r : runs)
        if (!r.ok) return 1;
    return kExitOk;
}

} // namespace siphon::cli
