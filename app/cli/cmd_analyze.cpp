// siphon-cli analyze: score every entity of a level, link networks, find onsets; appends an
// "analyze" entry to the case's audit log under --by (default $USER, else "siphon").
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"

#include "analysis/analyzer.h"
#include "evidence/audit_log.h"
#include "store/case_file.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace siphon::cli {

int cmdAnalyze(int argc, char** argv) {
    CommandSpec spec{{"--level", "--by", "--config"}, {"--quiet", "--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("analyze needs exactly one CASE");
    const auto level = levelFromName(args->valueOr("--level", "account"));
    if (!level) return usageError("--level must be account, project, key, user or ip");
    std::string author = args->valueOr("--by", "");
    if (author.empty()) {
        const char* user = std::getenv("USER");
        author = user && *user ? user : "siphon";
    }

    analysis::AnalysisOptions opt;
    opt.level = *level;
    if (auto path = args->value("--config")) {
        std::ifstream in(*path, std::ios::binary);
        if (!in) return fatalError("cannot read config " + *path);
        std::stringstream ss;
        ss << in.rdbuf();
        auto cfg = analysis::parseDetectorConfig(ss.str());
        if (!cfg) return fatalError(cfg.error().describe());
        opt.config = std::move(cfg.value());
    }
    const bool quiet = args->flag("--quiet") || args->flag("--json");
    std::string lastPhase;
    log::PhaseLog phases(log::lcAnalysis, "analyze " + std::string(levelInfo(*level).name));
    opt.progress = [&](const analysis::AnalysisProgress& p) {
        phases.progress(p.phase, p.done, p.total);
        if (quiet) return true;
        if (p.phase != lastPhase || p.total > 0) {
            if (p.total > 0 && p.phase.rfind("scanning", 0) == 0)
                std::fprintf(stderr, "\r%s: %lld / %lld", p.phase.c_str(), static_cast<long long>(p.done),
                             static_cast<long long>(p.total));
            else if (p.phase != lastPhase)
                std::fprintf(stderr, "\r%s...%20s", p.phase.c_str(), "");
            lastPhase = p.phase;
        }
        return true;
    };

    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    auto res = analysis::runAnalysis(*db, opt);
    phases.finish();
    if (!quiet) std::fprintf(stderr, "\r%60s\r", "");
    if (!res) return fatalError(res.error().describe());
    const auto& s = *res;
    const std::string levelName(levelInfo(*level).name);

    QJsonObject payload;
    payload[QStringLiteral("level")] = QString::fromStdString(levelName);
    payload[QStringLiteral("run_id")] = static_cast<double>(s.runId);
    payload[QStringLiteral("config_version")] = QString::fromStdString(opt.config.version);
    payload[QStringLiteral("entities")] = static_cast<double>(s.entities);
    payload[QStringLiteral("flagged")] = static_cast<double>(s.flagged);
    payload[QStringLiteral("clusters")] = static_cast<double>(s.clusters);
    payload[QStringLiteral("flagged_clusters")] = static_cast<double>(s.flaggedClusters);
    payload[QStringLiteral("requests")] = static_cast<double>(s.requests);
    payload[QStringLiteral("buckets")] = static_cast<double>(s.buckets);
    payload[QStringLiteral("flag_threshold")] = analysis::decisionScore(s.threshold.value);
    payload[QStringLiteral("threshold_calibrated")] = s.threshold.calibrated;
    if (s.threshold.calibrated) payload[QStringLiteral("threshold_target_fpr")] = s.threshold.targetFpr;
    payload[QStringLiteral("threshold_method")] = QString::fromStdString(s.threshold.method);
    auto audit = evidence::appendAudit(*db, author, "analyze", payload);
    if (!audit) return fatalError("analysis stored but the audit log failed: " + audit.error().describe());

    if (args->flag("--json")) {
        payload[QStringLiteral("seconds")] = s.seconds;
        printJson(payload);
        return kExitOk;
    }
    std::printf("analysed %lld %s entities (%lld requests, %lld usage buckets) in %.1f s\n",
                static_cast<long long>(s.entities), levelName.c_str(), static_cast<long long>(s.requests),
                static_cast<long long>(s.buckets), s.seconds);
    std::printf("flagged %lld; %lld clusters (%lld flagged); run %lld, config %s\n", static_cast<long long>(s.flagged),
                static_cast<long long>(s.clusters), static_cast<long long>(s.flaggedClusters),
                static_cast<long long>(s.runId), opt.config.version.c_str());
    std::printf("%s\n", s.threshold.method.c_str());
    return kExitOk;
}

} // namespace siphon::cli
