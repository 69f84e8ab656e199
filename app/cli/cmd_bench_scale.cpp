// bench-scale: the north-star workload at a chosen size. Generates (streaming) narrow request rows
// for a population with one large proxy network as a folder of daily files, imports it, analyses
// it, then times what an investigator opens first: the network's timeline and the accounts table,
// and (when the GUI is built next to siphon-cli) the longest GUI-thread stall of a scripted session.
// Not run in CI: at its defaults it writes about 15 GB.
#include "cli_args.h"
#include "commands.h"
#include "timed_process.h"

#include "generate/scale_population.h"
#include "query/entity_query.h"
#include "query/series_query.h"
#include "store/case_file.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace siphon::cli {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double mb(uint64_t bytes) { return double(bytes) / 1e6; }

uint64_t caseBytes(const std::string& path) {
    std::error_code ec;
    uint64_t n = fs::file_size(path, ec);
    const auto wal = fs::file_size(path + "-wal", ec);
    return n + (ec ? 0 : wal);
}

struct ScaleRun {
    generate::ScaleOptions pop;
    std::string dir, casePath, folder;
    uint64_t inputBytes = 0;
    int64_t rows = 0;
};

// The network's members are the population's last accounts (scale_population.h).
std::vector<std::string> networkIds(const generate::ScaleOptions& o) {
    std::vector<std::string> ids;
    for (int a = o.accounts - o.networkAccounts; a < o.accounts; ++a) ids.push_back(generate::narrowAccountId(o, a));
    return ids;
}

// The whole network's hourly timeline over the whole window, as the GUI asks for it.
Result<double> timeNetworkTimeline(const store::Database& db, const generate::ScaleOptions& o) {
    query::SeriesRequest req;
    req.level = EntityLevel::Account;
    req.entities = networkIds(o);
    req.fromUs = o.startUs;
    req.toUs = o.startUs + int64_t{o.days + 3} * query::kDayUs;
    req.bucketUs = query::kHourUs;
    const auto t = Clock::now();
    auto series = query::loadSeries(db, req);
    if (!series) return series.error();
    return secondsSince(t);
}

// The accounts table's first screen: the sorted index, then the rows of its first 100 ids.
Result<double> timeAccountsTable(const store::Database& db) {
    const auto t = Clock::now();
    auto index = query::loadEntityIndex(db, query::EntityIndexRequest{});
    if (!index) return index.error();
    std::vector<std::string> first(index->begin(), index->begin() + std::min<size_t>(index->size(), 100));
    auto rows = query::loadEntityRows(db, EntityLevel::Account, first);
    if (!rows) return rows.error();
    return secondsSince(t);
}

// `siphon --bench-stall CASE` next to this executable, when the GUI is built; its output is kept.
void runStallBench(const ScaleRun& run) {
    const fs::path gui = fs::path(selfExecutable()).parent_path() / "siphon";
    if (!fs::exists(gui)) {
        std::printf("GUI stall: not measured (%s not built)\n", gui.string().c_str());
        return;
    }
    const std::string out = run.dir + "/stall.txt";
    const TimedRun stall = runTimed({gui.string(), "--bench-stall", run.casePath}, {}, false, out);
    std::ifstream in(out);
    std::string line, longest = "no result (exit " + std::to_string(stall.exitCode) + ")";
    while (std::getline(in, line))
        if (line.rfind("longest GUI-thread stall", 0) == 0) longest = line;
    std::printf("GUI (siphon --bench-stall): %s; session %.1f s, peak RSS %.0f MB\n", longest.c_str(), stall.seconds,
                double(stall.maxRssKb) / 1024);
}

Status generateFolder(ScaleRun& run) {
    const auto t = Clock::now();
    auto files = generate::writeNarrowDays(run.pop, 0, run.pop.days, run.folder);
    if (!files) return files.error();
    for (const auto& f : *files) {
        run.rows += f.rows;
        run.inputBytes += f.bytes;
    }
    std::printf("generated %lld rows in %zu daily files, %.1f MB, in %.1f s\n", static_cast<long long>(run.rows),
                files->size(), mb(run.inputBytes), secondsSince(t));
    std::fflush(stdout);
    return {};
}

Status importAndAnalyse(const ScaleRun& run) {
    const std::string self = selfExecutable();
    const TimedRun imp = runTimed({self, "import", run.casePath, run.folder, "--format", "generic_csv", "--quiet"});
    if (imp.exitCode != 0) return makeError(ErrorCode::Io, "siphon-cli import failed", run.folder);
    const uint64_t bytes = caseBytes(run.casePath);
    std::printf("import:   %8.1f s  %10.0f rows/s  %7.1f MB/s  peak RSS %5.0f MB  case %.1f MB = %.2fx input\n",
                imp.seconds, double(run.rows) / imp.seconds, mb(run.inputBytes) / imp.seconds,
                double(imp.maxRssKb) / 1024, mb(bytes), double(bytes) / double(run.inputBytes));
    std::fflush(stdout);
    const TimedRun ana = runTimed({self, "analyze", run.casePath, "--level", "account", "--quiet"});
    if (ana.exitCode != 0) return makeError(ErrorCode::Io, "siphon-cli analyze failed", run.casePath);
    std::printf("analysis: %8.1f s  peak RSS %5.0f MB (analyze --level account)\n", ana.seconds,
                double(ana.maxRssKb) / 1024);
    std::fflush(stdout);
    return {};
}

Status timeViews(const ScaleRun& run) {
    auto db = store::openCase(run.casePath, store::CaseAccess::Read);
    if (!db) return db.error();
    auto timeline = timeNetworkTimeline(*db, run.pop);
    if (!timeline) return timeline.error();
    auto table = timeAccountsTable(*db);
    if (!table) return table.error();
    std::printf("timeline of the %d-member network (hourly, whole window): %.1f ms\n", run.pop.networkAccounts,
                *timeline * 1000);
    std::printf("accounts table (sorted index + first 100 rows): %.1f ms\n", *table * 1000);
    return {};
}

std::optional<ScaleRun> parseOptions(const Args& args, std::string& err) {
    ScaleRun run;
    generate::ScaleOptions& o = run.pop;
    try {
        o.requests = std::stoll(args.valueOr("--requests", "100000000"));
        o.accounts = std::stoi(args.valueOr("--accounts", "100000"));
        o.networkAccounts = std::stoi(args.valueOr("--network", "20000"));
        o.days = std::stoi(args.valueOr("--days", "30"));
        o.seed = std::stoull(args.valueOr("--seed", "7"));
    } catch (const std::exception&) {
        err = "--requests, --accounts, --network, --days and --seed take whole numbers";
        return std::nullopt;
    }
    // The narrow file's proportions (20,000 accounts: ~900 users, ~65,000 IPs), scaled.
    o.users = std::max(1, static_cast<int>(int64_t{o.accounts} * 900 / 20000));
    o.ips = std::max(1, static_cast<int>(int64_t{o.accounts} * 65000 / 20000));
    if (Status s = generate::validate(o); !s) {
        err = s.error().message;
        return std::nullopt;
    }
    run.dir = args.valueOr("--dir", (fs::temp_directory_path() / "siphon-bench-scale").string());
    run.folder = run.dir + "/logs";
    run.casePath = run.dir + "/scale.siphon";
    return run;
}

} // namespace

int cmdBenchScale(int argc, char** argv) {
    CommandSpec spec{{"--requests", "--accounts", "--network", "--days", "--dir", "--seed"}, {"--keep"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    auto run = parseOptions(*args, err);
    if (!run) return usageError(err);
    std::error_code ec;
    fs::remove_all(run->dir, ec);
    fs::create_directories(run->dir, ec);
    if (ec) return fatalError("cannot create " + run->dir + ": " + ec.message());
    std::printf("bench-scale in %s: %lld requests, %d accounts (a %d-account network), %d days, seed %llu\n",
                run->dir.c_str(), static_cast<long long>(run->pop.requests), run->pop.accounts,
                run->pop.networkAccounts, run->pop.days, static_cast<unsigned long long>(run->pop.seed));
    std::fflush(stdout);
    Status s = generateFolder(*run);
    if (s) s = importAndAnalyse(*run);
    if (s) s = timeViews(*run);
    if (s) runStallBench(*run);
    if (!args->flag("--keep")) fs::remove_all(run->dir, ec);
    if (!s) return fatalError(s.error().describe());
    std::printf("input %.1f MB on disk (%s)\n", mb(run->inputBytes), run->folder.c_str());
    return kExitOk;
}

} // namespace siphon::cli
