#pragma once
// One function per siphon-cli command, each in its own cmd_*.cpp. argv[0] is the program,
// argv[1] the command word; options start at argv[2]. Each returns the process exit code.
namespace siphon::cli {

int cmdImport(int argc, char** argv);
int cmdInfo(int argc, char** argv);
int cmdFormats(int argc, char** argv);
int cmdAnalyze(int argc, char** argv);
int cmdAccounts(int argc, char** argv);
int cmdTimeline(int argc, char** argv);
int cmdTag(int argc, char** argv);
int cmdUntag(int argc, char** argv);
int cmdTags(int argc, char** argv);
int cmdAudit(int argc, char** argv);
int cmdExport(int argc, char** argv);
int cmdVerify(int argc, char** argv);
int cmdConflicts(int argc, char** argv);
int cmdGenerate(int argc, char** argv);
int cmdDemo(int argc, char** argv);
int cmdBenchImport(int argc, char** argv);
int cmdBenchDetect(int argc, char** argv);
int cmdBenchScale(int argc, char** argv);
int cmdWarehouse(int argc, char** argv);
int cmdMergeReview(int argc, char** argv);
int cmdBulkTag(int argc, char** argv);

} // namespace siphon::cli
