// siphon-cli bench-detect: detection quality on labelled synthetic traffic. For each seed it
// generates traffic (a per-request format, rotating, plus openai_usage), imports it, analyses it
// and compares with truth/labels.csv and truth/campaigns.csv: ROC AUC, recall at 1% FPR, flagged
// precision/recall, per-archetype recall and benign false-positive rates, per-campaign cluster
// completeness and purity, all-benign clusters, turncoat onset error, and analysis time vs import
// time. Figures are pooled per format and over the seeds.
//
// Seeds come in two fixed sets (--set): TUNING seeds 1-20, the only ones looked at while tuning
// the detector, and REPORT-ONLY seeds 1001-1010, never used for tuning: their figures are the
// evidence of how the detector generalises. --first-seed picks seeds outside both sets.
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

// The fixed seed sets (see the header comment). Do not tune on kReportSeeds.
constexpr long long kTuningFirst = 1, kTuningCount = 20;
constexpr long long kReportFirst = 1001, kReportCount = 10;

// entity -> campaign, for the account level (campaigns.csv).
std::map<std::string, std::string> readCampaigns(const std::string& path, const std::string& level) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto c1 = line.find(','), c2 = line.find(',', c1 == std::string::npos ? c1 : c1 + 1);
        if (c2 == std::string::npos || line.substr(0, c1) != level) continue;
        out[line.substr(c1 + 1, c2 - c1 - 1)] = line.substr(c2 + 1);
    }
    return out;
}

struct CampaignTally {
    int campaigns = 0;          // campaigns of two or more entities
    int ownCluster = 0;         // all members in one cluster of purity >= 0.95
    double completenessSum = 0, puritySum = 0;
    int mixedClusters = 0;      // clusters holding members of two or more campaigns
    double worstPurity = 1;
};

struct Tally {
    CampaignTally camp;
    std::vector<double> thresholds;
    std::vector<analysis::Labelled> items;
    std::map<std::string, std::pair<int, int>> archetype;   // name -> (flagged, total)
    std::map<std::string, bool> archetypeMalicious;
    int networks = 0, networksComplete = 0, networksPure = 0;
    int benignInMaliciousClusters = 0;   // benign entities linked with a malicious one
    int benignClusters = 0, benignClustersFlagged = 0;   // clusters of benign entities only (e.g. a shared office)
    std::vector<double> onsetErrorsH;
    int turncoatsWithoutOnset = 0;
    int missing = 0;   // labelled entities the case does not hold (ids of another format, or lost)
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
    // A file that did not import leaves its entities out: the figures would describe less than was generated.
    for (const auto& f : imp->files)
        if (f.error) {
            error = "import failed, nothing to evaluate honestly: " + f.error->describe();
            return false;
        }
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
    t.thresholds.push_back(analysis::decisionScore(res->threshold.value));
    return true;
}

// Per campaign: its largest share in one cluster (completeness) and that cluster's share of it
// (purity; benign members and other campaigns' members lower it).
void evaluateCampaigns(const std::map<int64_t, std::vector<std::string>>& clusterMembers,
                       const std::map<std::string, std::optional<int64_t>>& clusterOf,
                       const std::map<std::string, std::string>& campaigns, CampaignTally& t) {
    std::map<std::string, std::vector<std::string>> members;
    for (const auto& [e, c] : campaigns)
        if (clusterOf.count(e)) members[c].push_back(e);
    for (const auto& [id, ms] : clusterMembers) {
        std::set<std::string> seen;
        for (const auto& m : ms)
            if (auto it = campaigns.find(m); it != campaigns.end()) seen.insert(it->second);
        if (seen.size() >= 2) ++t.mixedClusters;
    }
    for (const auto& [camp, ms] : members) {
        if (ms.size() < 2) continue;
        ++t.campaigns;
        std::map<int64_t, int> in;
        for (const auto& m : ms)
            if (auto c = clusterOf.at(m)) ++in[*c];
        int64_t best = -1;
        int bestN = 0;
        for (const auto& [c, k] : in)
            if (k > bestN) best = c, bestN = k;
        const double completeness = static_cast<double>(bestN) / static_cast<double>(ms.size());
        const double purity = bestN ? static_cast<double>(bestN) / static_cast<double>(clusterMembers.at(best).size()) : 0.0;
        t.completenessSum += completeness;
        t.puritySum += purity;
        t.worstPurity = std::min(t.worstPurity, purity);
        if (completeness >= 1.0 && purity >= 0.95) ++t.ownCluster;
    }
}

// Labelled entities the case does not hold are counted and printed, not scored: the truth labels
// the union of every generated format's ids (a LiteLLM key id is not the usage report's), so an
// absent id is not necessarily a loss. A failed import is caught in importAndAnalyze.
void countMissing(const std::map<std::string, Label>& labels, const std::set<std::string>& present, Tally& t) {
    for (const auto& entry : labels)
        if (!present.count(entry.first)) ++t.missing;
}

bool evaluate(const std::string& casePath, EntityLevel level, const std::map<std::string, Label>& labels, Tally& t,
              bool structure, std::string& error, const std::map<std::string, std::string>& campaigns = {}) {
    auto db = store::openCase(casePath, store::CaseAccess::Read);
    if (!db) return error = db.error().describe(), false;
    query::EntityIndexRequest req;
    req.level = level;
    auto ids = query::loadEntityIndex(*db, req);
    if (!ids) return error = ids.error().describe(), false;
    auto rows = query::loadEntityRows(*db, level, *ids);
    if (!rows) return error = rows.error().describe(), false;
    if (labels.empty()) return error = "the generated truth labels no entity at this level", false;
    std::set<std::string> present;
    for (const auto& r : *rows) present.insert(r.entity);
    countMissing(labels, present, t);
    std::map<int64_t, std::vector<const Label*>> clusters;
    std::map<int64_t, bool> clusterFlagged;   // any member flagged
    std::map<std::string, std::vector<std::optional<int64_t>>> networkClusters;
    std::map<int64_t, std::vector<std::string>> clusterMembers;
    std::map<std::string, std::optional<int64_t>> clusterOf;
    for (const auto& r : *rows) {
        clusterOf[r.entity] = r.clusterId;
        if (r.clusterId) clusterMembers[*r.clusterId].push_back(r.entity);
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
    if (structure) evaluateCampaigns(clusterMembers, clusterOf, campaigns, t.camp);
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
    return true;
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
        const CampaignTally& c = t.camp;
        std::printf("campaigns (2+ entities): %d, each in its own cluster with purity >= 0.95: %d; mean completeness %.3f, "
                    "mean purity %.3f, worst purity %.3f; clusters mixing campaigns: %d\n",
                    c.campaigns, c.ownCluster, c.campaigns ? c.completenessSum / c.campaigns : 0.0,
                    c.campaigns ? c.puritySum / c.campaigns : 0.0, c.campaigns ? c.worstPurity : 0.0, c.mixedClusters);
        if (!t.onsetErrorsH.empty() || t.turncoatsWithoutOnset) {
            std::vector<double> e = t.onsetErrorsH;
            std::sort(e.begin(), e.end());
            std::printf("turncoat onset error (h): n %zu, median %.2f, max %.2f, within 2 h %ld; without onset %d\n",
                        e.size(), e.empty() ? 0.0 : e[e.size() / 2], e.empty() ? 0.0 : e.back(),
                        static_cast<long>(std::count_if(e.begin(), e.end(), [](double x) { return x <= 2.0; })),
                        t.turncoatsWithoutOnset);
        }
    }
    if (!t.thresholds.empty()) {
        std::vector<double> th = t.thresholds;
        std::sort(th.begin(), th.end());
        std::printf("flag threshold per case: min %.3f, median %.3f, max %.3f\n", th.front(), th[th.size() / 2], th.back());
    }
    if (t.missing > 0)
        std::printf("labelled entities not in the case: %d (ids of the other generated format, or lost; not scored)\n",
                    t.missing);
    std::printf("import %.1f s, analysis %.1f s (%lld requests): analysis/import = %.2f\n", t.importS, t.analyzeS,
                static_cast<long long>(t.requests), t.importS > 0 ? t.analyzeS / t.importS : 0.0);
}

bool number(const std::optional<std::string>& v, long long& out) {
    if (!v) return true;
    const auto r = std::from_chars(v->data(), v->data() + v->size(), out);
    return r.ec == std::errc() && r.ptr == v->data() + v->size() && out > 0;
}

} // namespace

namespace {

void addInto(Tally& into, const Tally& one) {
    into.items.insert(into.items.end(), one.items.begin(), one.items.end());
    for (const auto& [k, v] : one.archetype) {
        into.archetype[k].first += v.first;
        into.archetype[k].second += v.second;
    }
    into.archetypeMalicious.insert(one.archetypeMalicious.begin(), one.archetypeMalicious.end());
    into.networks += one.networks;
    into.networksComplete += one.networksComplete;
    into.networksPure += one.networksPure;
    into.benignInMaliciousClusters += one.benignInMaliciousClusters;
    into.benignClusters += one.benignClusters;
    into.benignClustersFlagged += one.benignClustersFlagged;
    into.onsetErrorsH.insert(into.onsetErrorsH.end(), one.onsetErrorsH.begin(), one.onsetErrorsH.end());
    into.turncoatsWithoutOnset += one.turncoatsWithoutOnset;
    into.missing += one.missing;
    into.importS += one.importS;
    into.analyzeS += one.analyzeS;
    into.requests += one.requests;
    into.thresholds.insert(into.thresholds.end(), one.thresholds.begin(), one.thresholds.end());
    into.camp.campaigns += one.camp.campaigns;
    into.camp.ownCluster += one.camp.ownCluster;
    into.camp.completenessSum += one.camp.completenessSum;
    into.camp.puritySum += one.camp.puritySum;
    into.camp.mixedClusters += one.camp.mixedClusters;
    into.camp.worstPurity = std::min(into.camp.worstPurity, one.camp.worstPurity);
}

struct BenchPlan {
    std::vector<long long> seeds;
    std::string setName;
    long long accounts = 150, days = 10;
    std::vector<std::string> rotation = {"generic_csv", "litellm_spendlogs", "bedrock_invocation", "azure_diag"};
    bool usage = true;
};

// One seed: generate, then import and analyse its per-request format and its usage report.
bool runSeed(const BenchPlan& plan, long long seed, size_t index, std::map<std::string, Tally>& perFormat,
             Tally& aggregated, std::string& err) {
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        err = "cannot create a temporary directory";
        return false;
    }
    const std::string dir = tmp.path().toStdString();
    const std::string format = plan.rotation[index % plan.rotation.size()];
    generate::GenerateOptions g;
    g.outDir = dir + "/gen";
    g.seed = static_cast<uint64_t>(seed);
    g.accounts = static_cast<int>(plan.accounts);
    g.days = static_cast<int>(plan.days);
    g.formats = {format};
    if (plan.usage) g.formats.push_back("openai_usage");
    std::fprintf(stderr, "seed %lld: generating %s%s (%lld accounts, %lld days)...\n", seed, format.c_str(),
                 plan.usage ? " + openai_usage" : "", plan.accounts, plan.days);
    auto gen = generate::generate(g);
    if (!gen) {
        err = gen.error().describe();
        return false;
    }
    const auto labels = readLabels(g.outDir + "/truth/labels.csv");
    const auto campaigns = readCampaigns(g.outDir + "/truth/campaigns.csv", "account");
    Tally one;
    if (!importAndAnalyze(dir + "/req.siphon", g.outDir + "/logs/" + format, EntityLevel::Account, one, err)) {
        err = format + ": " + err;
        return false;
    }
    if (!evaluate(dir + "/req.siphon", EntityLevel::Account, levelLabels(labels, "account"), one, true, err, campaigns)) {
        err = format + ": " + err;
        return false;
    }
    report(("seed " + std::to_string(seed) + ", " + format + ", account level").c_str(), one, true);
    addInto(perFormat[format], one);
    if (!plan.usage) return true;
    Tally agg;
    if (!importAndAnalyze(dir + "/usage.siphon", g.outDir + "/logs/openai_usage", EntityLevel::Key, agg, err)) {
        err = "openai_usage: " + err;
        return false;
    }
    if (!evaluate(dir + "/usage.siphon", EntityLevel::Key, levelLabels(labels, "key"), agg, false, err)) {
        err = "openai_usage: " + err;
        return false;
    }
    addInto(aggregated, agg);
    return true;
}

} // namespace

int cmdBenchDetect(int argc, char** argv) {
    CommandSpec spec{{"--seeds", "--accounts", "--days", "--first-seed", "--formats", "--set"}, {"--no-usage"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    long long seeds = 3, first = 0;
    BenchPlan plan;
    if (!number(args->value("--seeds"), seeds) || !number(args->value("--accounts"), plan.accounts) ||
        !number(args->value("--days"), plan.days) || !number(args->value("--first-seed"), first))
        return usageError("--seeds, --accounts, --days and --first-seed take positive numbers");
    const std::string set = args->value("--set").value_or(first ? "custom" : "tuning");
    long long from = first, limit = seeds;
    if (set == "tuning") from = kTuningFirst, limit = std::min(seeds, kTuningCount);
    else if (set == "report") from = kReportFirst, limit = std::min(seeds, kReportCount);
    else if (set != "custom" || !first) return usageError("--set takes tuning or report (or give --first-seed)");
    for (long long s = 0; s < limit; ++s) plan.seeds.push_back(from + s);
    plan.setName = set == "tuning" ? "TUNING seeds" : set == "report" ? "REPORT-ONLY seeds (never used for tuning)"
                                                                       : "custom seeds";
    plan.usage = !args->flag("--no-usage");
    if (auto f = args->value("--formats")) {
        plan.rotation.clear();
        std::stringstream ss(*f);
        std::string one;
        while (std::getline(ss, one, ','))
            if (!one.empty()) plan.rotation.push_back(one);
        if (plan.rotation.empty()) return usageError("--formats needs per-request format ids");
    }

    std::map<std::string, Tally> perFormat;
    Tally aggregated;
    for (size_t i = 0; i < plan.seeds.size(); ++i)
        if (!runSeed(plan, plan.seeds[i], i, perFormat, aggregated, err)) return fatalError(err);
    std::string seedList;
    for (long long s : plan.seeds) seedList += (seedList.empty() ? "" : ",") + std::to_string(s);
    std::printf("\n######## %s: %s; %lld accounts, %lld days ########\n", plan.setName.c_str(), seedList.c_str(),
                plan.accounts, plan.days);
    Tally all;
    for (const auto& [format, t] : perFormat) {
        report((plan.setName + ", " + format + ", account level").c_str(), t, true);
        addInto(all, t);
    }
    report((plan.setName + ", ALL per-request formats, account level (targets: precision/recall >= 0.95, every "
                           "campaign in its own cluster with purity >= 0.95, <= 5 benign-only clusters per case)")
               .c_str(),
           all, true);
    if (plan.usage)
        report((plan.setName + ", openai_usage (aggregated), key level (targets: AUC >= 0.97, recall >= 0.70 at "
                               "precision >= 0.90)")
                   .c_str(),
               aggregated, false);
    return kExitOk;
}

} // namespace siphon::cli
