// siphon-cli analyze: score every entity of a level, link networks, find onsets; appends an
// "analyze" entry to the case's audit log under --by (default $USER, else "siphon").
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"

#include "analysis/analyzer.h"
#include "evidence/analysis_audit.h"
#include "evidence/review_guard.h"
#include "store/case_file.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace siphon::cli {

namespace {

std::string authorOf(const Args& args) {
    std::string author = args.valueOr("--by", "");
    if (!author.empty()) return author;
    const char* user = std::getenv("USER");
    return user && *user ? user : "siphon";
}

// The detector configuration --config names, into opt (else the default stays). Error text or empty.
std::string loadConfig(const Args& args, analysis::AnalysisOptions& opt) {
    auto path = args.value("--config");
    if (!path) return {};
    std::ifstream in(*path, std::ios::binary);
    if (!in) return "cannot read config " + *path;
    std::stringstream ss;
    ss << in.rdbuf();
    auto cfg = analysis::parseDetectorConfig(ss.str());
    if (!cfg) return cfg.error().describe();
    opt.config = std::move(cfg.value());
    return {};
}

// Each phase in siphon.analysis (debug), and unless quiet a line on stderr that keeps being rewritten.
std::function<bool(const analysis::AnalysisProgress&)> progressReporter(bool quiet, log::PhaseLog& phases) {
    return [quiet, &phases, lastPhase = std::string()](const analysis::AnalysisProgress& p) mutable {
        phases.progress(p.phase, p.done, p.total);
        if (quiet || (p.phase == lastPhase && p.total <= 0)) return true;
        if (p.total > 0 && p.phase.rfind("scanning", 0) == 0)
            std::fprintf(stderr, "\r%s: %lld / %lld", p.phase.c_str(), static_cast<long long>(p.done),
                         static_cast<long long>(p.total));
        else if (p.phase != lastPhase)
            std::fprintf(stderr, "\r%s...%20s", p.phase.c_str(), "");
        lastPhase = p.phase;
        return true;
    };
}

void printSummary(const analysis::AnalysisSummary& s, const std::string& levelName, const std::string& configVersion) {
    std::printf("analysed %lld %s entities (%lld requests, %lld usage buckets) in %.1f s\n",
                static_cast<long long>(s.entities), levelName.c_str(), static_cast<long long>(s.requests),
                static_cast<long long>(s.buckets), s.seconds);
    std::printf("flagged %lld; %lld clusters (%lld flagged); run %lld, config %s\n", static_cast<long long>(s.flagged),
                static_cast<long long>(s.clusters), static_cast<long long>(s.flaggedClusters),
                static_cast<long long>(s.runId), configVersion.c_str());
    std::printf("%s\n", s.threshold.method.c_str());
    if (s.extractId != 0)
        std::printf(
            "%lld entities scored from warehouse extract %lld (its features; no prompt sample, no linking keys)\n",
            static_cast<long long>(s.extractEntities), static_cast<long long>(s.extractId));
}

} // namespace

int cmdAnalyze(int argc, char** argv) {
    CommandSpec spec{{"--level", "--by", "--config"}, {"--quiet", "--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("analyze needs exactly one CASE");
    const auto level = levelFromName(args->valueOr("--level", "account"));
    if (!level) return usageError("--level must be account, project, key, user or ip");
    const std::string author = authorOf(*args);
    const std::string levelName(levelInfo(*level).name);

    analysis::AnalysisOptions opt;
    opt.level = *level;
    if (auto bad = loadConfig(*args, opt); !bad.empty()) return fatalError(bad);
    const bool quiet = args->flag("--quiet") || args->flag("--json");
    log::PhaseLog phases(log::lcAnalysis, "analyze " + levelName);
    opt.progress = progressReporter(quiet, phases);

    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    // A review case's evidence is frozen (its triggers would refuse the first write); say why first.
    if (Status s = evidence::refuseInReviewCase(*db, "analysis"); !s) return fatalError(s.error().describe());
    auto res = analysis::runAnalysis(*db, opt);
    phases.finish();
    if (!quiet) std::fprintf(stderr, "\r%60s\r", "");
    if (!res) return fatalError(res.error().describe());

    auto audit = evidence::auditAnalysis(*db, author, opt, *res);
    if (!audit) return fatalError("analysis stored but the audit log failed: " + audit.error().describe());
    if (args->flag("--json")) {
        QJsonObject payload = evidence::analysisAuditPayload(*level, opt.config.version, *res);
        payload[QStringLiteral("seconds")] = res->seconds;
        printJson(payload);
        return kExitOk;
    }
    printSummary(*res, levelName, opt.config.version);
    return kExitOk;
}

} // namespace siphon::cli
