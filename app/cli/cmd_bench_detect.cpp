// siphon-cli bench-detect: detection quality on labelled synthetic traffic. For each seed it
// generates traffic (a per-request format, rotating, plus openai_usage), imports it, analyses it
// and compares with truth/labels.csv: ROC AUC, recall at 1% FPR, flagged precision/recall,
// per-archetype recall and benign false-positive rates, network cluster completeness/purity,
// turncoat onset error, and analysis time vs import time. Figures are pooled over the seeds.
#include "cli_args.h"
#include "commands.h"

#include "analysis/analyzer.h"
#include "analysis/bench_metrics.h"
#include "generate/generator.h"
#include "ingest/importer.h"
#include "query/entity_query.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <QTemporaryDir>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace siphon::cli {

namespace {

struct Label {
    std::string archetype;
    bool malicious = false;
    std::string network;
    std::optional<int64_t> onsetUs;
};

// level -> entity -> label. Entity ids are generated (no commas or quotes).
std::map<std::string, std::map<std::string, Label>> readLabels(const std::string& path) {
    std::map<std::string, std::map<std::string, Label>> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);   // header
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) f.push_back(cell);
        if (line.size() && line.back() == ',') f.emplace_back();
        if (f.size() < 6) continue;
        Label l{f[2], f[3] == "1", f[4], std::nullopt};
        if (auto t = timeutil::parseIso8601(f[5])) l.onsetUs = t->us;
        out[f[0]][f[1]] = l;
    }
    return out;
}

const std::map<std::string, Label>& levelLabels(const std::map<std::string, std::map<std::string, Label>>& all,
                                               const std::string& level) {
    static const std::map<std::string, Label> none;
    auto it = all.find(level);
    return it == all.end() ? none : it->second;
}

struct Tally {
    std::vector<analysis::Labelled> items;
    std::map<std::string, std::pair<int, int>> archetype;   // name -> (flagged, total)
    std::map<std::string, bool> archetypeMalicious;
    int networks = 0, networksComplete = 0, networksPure = 0;
    int benignInMaliciousClusters = 0;   // benign entities linked with a malicious one
    int benignClusters = 0, benignClustersFlagged = 0;   // clusters of benign entities only (e.g. a shared office)
    std::vector<double> onsetErrorsH;
    int turncoatsWithoutOnset = 0;
    double importS = 0, analyzeS = 0;
    int64_t requests = 0;
};

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Imports dir into a new case, analyses level; returns false (with a message) on failure.
bool importAndAnalyze(const std::string& casePath, const std::string& dir, EntityLevel level, Tally& t,
                      std::string& error) {
    auto db = store::openCase(casePath, store::CaseAccess::CreateWrite);
    if (!db) {
        error = db.error().describe();
        return false;
    }
    auto files = ingest::expandInputs({dir});
    if (!files) {
        error = files.error().describe();
        return false;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto imp = ingest::importFiles(*db, *files, ingest::ImportOptions{});
    if (!imp) {
        error = imp.error().describe();
        return false;
    }
    t.importS += seconds(t0);
    analysis::AnalysisOptions opt;
    opt.level = level;
    t0 = std::chrono::steady_clock::now();
    auto res = analysis::runAnalysis(*db, opt);
    if (!res) {
        error = res.error().describe();
        return false;
    }
    t.analyzeS += seconds(t0);
    t.requests += res->requests;
    return true;
}

void evaluate(const std::string& casePath, EntityLevel level, const std::map<std::string, Label>& labels, Tally& t,
              bool structure) {
    auto db = store::openCase(casePath, store::CaseAccess::Read);
    if (!db) return;
    query::EntityIndexRequest req;
    req.level = level;
    auto ids = query::loadEntityIndex(*db, req);
    if (!ids) return;
    auto rows = query::loadEntityRows(*db, level, *ids);
    if (!rows) return;
    std::map<int64_t, std::vector<const Label*>> clusters;
    std::map<int64_t, bool> clusterFlagged;   // any member flagged
    std::map<std::string, std::vector<std::optional<int64_t>>> networkClusters;
    for (const auto& r : *rows) {
        auto it = labels.find(r.entity);
        if (it == labels.end()) continue;
        const Label& l = it->second;
        t.items.push_back({r.score, l.malicious, r.flagged});
        auto& a = t.archetype[l.archetype];
        a.first += r.flagged ? 1 : 0;
        a.second += 1;
        t.archetypeMalicious[l.archetype] = l.malicious;
        if (!structure) continue;
        if (r.clusterId) {
            clusters[*r.clusterId].push_back(&l);
            clusterFlagged[*r.clusterId] = clusterFlagged[*r.clusterId] || r.flagged;
        }
        if (!l.network.empty()) networkClusters[l.network].push_back(r.clusterId);
        if (l.archetype == "turncoat" && l.onsetUs) {
            if (r.onsetUs) t.onsetErrorsH.push_back(std::fabs(static_cast<double>(*r.onsetUs - *l.onsetUs)) / 3600e6);
            else ++t.turncoatsWithoutOnset;
        }
    }
    for (const auto& [id, members] : clusters) {
        const auto benign = std::count_if(members.begin(), members.end(), [](const Label* m) { return !m->malicious; });
        if (benign == static_cast<std::ptrdiff_t>(members.size())) {
            ++t.benignClusters;
            if (clusterFlagged[id]) ++t.benignClustersFlagged;
        } else {
            t.benignInMaliciousClusters += static_cast<int>(benign);
        }
    }
    for (const auto& entry : networkClusters) {
        const auto& cl = entry.second;   // a local, not a structured binding: clang 14 cannot capture those
        ++t.networks;
        const bool complete = cl.front().has_value() && std::all_of(cl.begin(), cl.end(), [&](auto& c) { return c == cl.front(); });
        if (complete) ++t.networksComplete;
        bool pure = complete;
        if (complete)
            for (const Label* m : clusters[*cl.front()])
                if (!m->malicious) pure = false;
        if (pure) ++t.networksPure;
    }
}

void report(const char* title, const Tally& t, bool structure) {
    const double auc = analysis::rocAuc(t.items);
    const double r1 = analysis::recallAtFpr(t.items, 0.01);
    const auto pr = analysis::flaggedPrecisionRecall(t.items);
    std::printf("\n== %s: %zu entities ==\n", title, t.items.size());
    std::printf("ROC AUC                 %.4f\n", auc);
    std::printf("recall at 1%% FPR        %.4f\n", r1);
    std::printf("flagged precision       %.4f  (tp %lld, fp %lld)\n", pr.precision, static_cast<long long>(pr.tp),
                static_cast<long long>(pr.fp));
    std::printf("flagged recall          %.4f  (fn %lld)\n", pr.recall, static_cast<long long>(pr.fn));
    std::printf("per archetype (flagged / total):\n");
    for (const auto& [name, ft] : t.archetype) {
        const bool mal = t.archetypeMalicious.at(name);
        std::printf("  %-22s %-9s %4d / %-4d  %s %.3f\n", name.c_str(), mal ? "malicious" : "benign", ft.first, ft.second,
                    mal ? "recall" : "FPR   ", ft.second ? static_cast<double>(ft.first) / ft.second : 0.0);
    }
    if (structure) {
        std::printf("networks: %d, all members in one cluster: %d, cluster without benign members: %d\n", t.networks,
                    t.networksComplete, t.networksPure);
        std::printf("benign entities linked with malicious ones: %d; benign-only clusters: %d (with a flagged member: %d)\n",
                    t.benignInMaliciousClusters, t.benignClusters, t.benignClustersFlagged);
        if (!t.onsetErrorsH.empty() || t.turncoatsWithoutOnset) {
            std::vector<double> e = t.onsetErrorsH;
            std::sort(e.begin(), e.end());
            std::printf("turncoat onset error (h): n %zu, median %.2f, max %.2f, within 2 h %ld; without onset %d\n",
                        e.size(), e.empty() ? 0.0 : e[e.size() / 2], e.empty() ? 0.0 : e.back(),
                        static_cast<long>(std::count_if(e.begin(), e.end(), [](double x) { return x <= 2.0; })),
                        t.turncoatsWithoutOnset);
        }
    }
    std::printf("import %.1f s, analysis %.1f s (%lld requests): analysis/import = %.2f\n", t.importS, t.analyzeS,
                static_cast<long long>(t.requests), t.importS > 0 ? t.analyzeS / t.importS : 0.0);
}

bool number(const std::optional<std::string>& v, long long& out) {
    if (!v) return true;
    const auto r = std::from_chars(v->data(), v->data() + v->size(), out);
    return r.ec == std::errc() && r.ptr == v->data() + v->size() && out > 0;
}

} // namespace

int cmdBenchDetect(int argc, char** argv) {
    CommandSpec spec{{"--seeds", "--accounts", "--days", "--first-seed", "--formats"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    long long seeds = 3, accounts = 150, days = 10, first = 1;
    if (!number(args->value("--seeds"), seeds) || !number(args->value("--accounts"), accounts) ||
        !number(args->value("--days"), days) || !number(args->value("--first-seed"), first))
        return usageError("--seeds, --accounts, --days and --first-seed take positive numbers");
    std::vector<std::string> rotation = {"generic_jsonl", "litellm_spendlogs", "azure_diag", "bedrock_invocation"};
    if (auto f = args->value("--formats")) {
        rotation.clear();
        std::stringstream ss(*f);
        std::string one;
        while (std::getline(ss, one, ','))
            if (!one.empty()) rotation.push_back(one);
        if (rotation.empty()) return usageError("--formats needs per-request format ids");
    }

    Tally perRequest, aggregated;
    for (long long s = 0; s < seeds; ++s) {
        QTemporaryDir tmp;
        if (!tmp.isValid()) return fatalError("cannot create a temporary directory");
        const std::string dir = tmp.path().toStdString();
        const std::string format = rotation[static_cast<size_t>(s) % rotation.size()];
        generate::GenerateOptions g;
        g.outDir = dir + "/gen";
        g.seed = static_cast<uint64_t>(first + s);
        g.accounts = static_cast<int>(accounts);
        g.days = static_cast<int>(days);
        g.formats = {format, "openai_usage"};
        std::fprintf(stderr, "seed %llu: generating %s + openai_usage (%lld accounts, %lld days)...\n",
                     static_cast<unsigned long long>(g.seed), format.c_str(), accounts, days);
        auto gen = generate::generate(g);
        if (!gen) return fatalError(gen.error().describe());
        const auto labels = readLabels(g.outDir + "/truth/labels.csv");
        Tally one;
        if (!importAndAnalyze(dir + "/req.siphon", g.outDir + "/logs/" + format, EntityLevel::Account, one, err))
            return fatalError(format + ": " + err);
        evaluate(dir + "/req.siphon", EntityLevel::Account, levelLabels(labels, "account"), one, true);
        report(("seed " + std::to_string(g.seed) + ", " + format + ", account level").c_str(), one, true);
        perRequest.items.insert(perRequest.items.end(), one.items.begin(), one.items.end());
        for (const auto& [k, v] : one.archetype) {
            perRequest.archetype[k].first += v.first;
            perRequest.archetype[k].second += v.second;
        }
        perRequest.archetypeMalicious.insert(one.archetypeMalicious.begin(), one.archetypeMalicious.end());
        perRequest.networks += one.networks;
        perRequest.networksComplete += one.networksComplete;
        perRequest.networksPure += one.networksPure;
        perRequest.benignInMaliciousClusters += one.benignInMaliciousClusters;
        perRequest.benignClusters += one.benignClusters;
        perRequest.benignClustersFlagged += one.benignClustersFlagged;
        perRequest.onsetErrorsH.insert(perRequest.onsetErrorsH.end(), one.onsetErrorsH.begin(), one.onsetErrorsH.end());
        perRequest.turncoatsWithoutOnset += one.turncoatsWithoutOnset;
        perRequest.importS += one.importS;
        perRequest.analyzeS += one.analyzeS;
        perRequest.requests += one.requests;

        Tally agg;
        if (!importAndAnalyze(dir + "/usage.siphon", g.outDir + "/logs/openai_usage", EntityLevel::Key, agg, err))
            return fatalError("openai_usage: " + err);
        evaluate(dir + "/usage.siphon", EntityLevel::Key, levelLabels(labels, "key"), agg, false);
        aggregated.items.insert(aggregated.items.end(), agg.items.begin(), agg.items.end());
        for (const auto& [k, v] : agg.archetype) {
            aggregated.archetype[k].first += v.first;
            aggregated.archetype[k].second += v.second;
        }
        aggregated.archetypeMalicious.insert(agg.archetypeMalicious.begin(), agg.archetypeMalicious.end());
        aggregated.importS += agg.importS;
        aggregated.analyzeS += agg.analyzeS;
    }
    report("ALL SEEDS, per-request formats, account level (targets: AUC >= 0.995, recall@1%FPR >= 0.97, "
           "precision/recall >= 0.95)",
           perRequest, true);
    report("ALL SEEDS, openai_usage (aggregated), key level (target: AUC >= 0.95)", aggregated, false);
    return kExitOk;
}

} // namespace siphon::cli
