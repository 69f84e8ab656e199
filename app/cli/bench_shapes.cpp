#include "bench_shapes.h"

#include "store/case_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace siphon::cli {

namespace fs = std::filesystem;

namespace {

double mb(uint64_t bytes) { return double(bytes) / 1e6; }

uint64_t fileSize(const std::string& path) {
    std::error_code ec;
    const auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

// A case's bytes: the database and whatever WAL it left.
uint64_t caseSize(const std::string& path) { return fileSize(path) + fileSize(path + "-wal"); }

// sqlite3's own CSV import into one plain table: the first file names the columns (a fresh
// database), every later file skips its header row.
std::string referenceScript(const BenchInput& in, Target target) {
    std::string s = ".mode csv\n";
    for (size_t i = 0; i < in.files.size(); ++i) {
        const bool create = target == Target::Fresh && i == 0;
        s += create ? ".import " : ".import --skip 1 ";
        s += in.files[i] + " t\n";
    }
    return s;
}

// What the case holds after the run, read back (not what the importer said it did).
void countCase(ShapeRun& run, const std::string& casePath) {
    auto db = store::openCase(casePath, store::CaseAccess::Read);
    if (!db) {
        run.error = db.error().describe();
        return;
    }
    auto requests = db->queryInt("SELECT count(*) FROM request", -1);
    auto duplicates = db->queryInt("SELECT count(*) FROM duplicate", -1);
    if (requests) run.caseRequests = *requests;
    if (duplicates) run.caseDuplicates = *duplicates;
}

} // namespace

ShapeRun raceShape(const std::string& name, const BenchInput& in, const std::string& refDb, const std::string& casePath,
                   Target target, const std::string& workDir) {
    ShapeRun run;
    run.name = name;
    run.input = in;
    const std::string script = workDir + "/import-" + name + ".sql";
    std::ofstream(script) << referenceScript(in, target);
    run.reference = runTimed({"sqlite3", refDb}, script);
    if (run.reference.exitCode != 0) {
        run.error = "sqlite3 .import failed (is the sqlite3 package installed?)";
        return run;
    }
    run.siphon = runTimed({selfExecutable(), "import", casePath, in.importArg, "--format", in.format, "--quiet"});
    if (run.siphon.exitCode != 0) {
        run.error = "siphon-cli import failed (exit " + std::to_string(run.siphon.exitCode) + ")";
        return run;
    }
    countCase(run, casePath);
    run.caseBytes = caseSize(casePath);
    run.referenceBytes = caseSize(refDb);
    run.ok = run.error.empty();
    return run;
}

void printShapeTable(const std::vector<ShapeRun>& runs) {
    std::printf("\n%-8s %-9s %10s %9s %11s %8s %9s %9s\n", "shape", "contender", "rows", "seconds", "rows/s", "MB/s",
                "peak RSS", "db MB");
    for (const ShapeRun& r : runs) {
        if (!r.ok) {
            std::printf("%-8s failed: %s\n", r.name.c_str(), r.error.c_str());
            continue;
        }
        const double rows = double(r.input.rows);
        for (const auto& [who, t, bytes] : {std::tuple{"sqlite3", r.reference, r.referenceBytes},
                                            std::tuple{"siphon", r.siphon, r.caseBytes}})
            std::printf("%-8s %-9s %10lld %9.2f %11.0f %8.1f %6.0f MB %9.0f\n", r.name.c_str(), who,
                        static_cast<long long>(r.input.rows), t.seconds, rows / t.seconds, mb(r.input.bytes) / t.seconds,
                        double(t.maxRssKb) / 1024, mb(bytes));
    }
    std::printf("\n%-8s %12s %12s %10s   %s\n", "shape", "input MB", "ratio", "RSS MB", "case after the run");
    for (const ShapeRun& r : runs) {
        if (!r.ok) continue;
        std::printf("%-8s %12.1f %11.2fx %10.0f   %lld requests, %lld duplicates\n", r.name.c_str(), mb(r.input.bytes),
                    r.reference.seconds / r.siphon.seconds, double(r.siphon.maxRssKb) / 1024,
                    static_cast<long long>(r.caseRequests), static_cast<long long>(r.caseDuplicates));
    }
    std::printf("ratio = siphon rows/s over sqlite3 .import rows/s of the same files in the same run "
                "(target >= 1.5x); RSS bound 200 MB.\n");
}

} // namespace siphon::cli
