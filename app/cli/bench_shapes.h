#pragma once
// The input shapes bench-import measures, and how each is raced: siphon-cli import against
// `sqlite3 .import` of the same files, both as child processes timed alike (timed_process.h).
#include "timed_process.h"

#include <cstdint>
#include <string>
#include <vector>

namespace siphon::cli {

struct BenchInput {
    std::vector<std::string> files;   // CSV files, each with its header
    std::string importArg;            // what siphon-cli import is given (a file or a folder)
    int64_t rows = 0;
    uint64_t bytes = 0;
    std::string format = "generic_csv";
};

// Whether a contender starts from an empty database or adds to the one the previous shape left.
enum class Target { Fresh, Existing };

struct ShapeRun {
    std::string name;
    BenchInput input;
    TimedRun reference, siphon;
    int64_t caseRequests = -1;   // requests in the case after the run (all runs so far for Existing)
    int64_t caseDuplicates = -1;
    uint64_t caseBytes = 0, referenceBytes = 0;
    bool ok = false;
    std::string error;
};

// Imports `in` with sqlite3 into refDb (a plain TEXT table `t`) and with siphon-cli into casePath.
ShapeRun raceShape(const std::string& name, const BenchInput& in, const std::string& refDb, const std::string& casePath,
                   Target target, const std::string& workDir);

void printShapeTable(const std::vector<ShapeRun>& runs);

} // namespace siphon::cli
