#include "demo/demo_case.h"

#include "analysis/analyzer.h"
#include "evidence/analysis_audit.h"
#include "evidence/tags.h"
#include "generate/generator.h"
#include "ingest/importer.h"
#include "store/case_file.h"
#include "util/log.h"
#include "util/phase_log.h"

#include <filesystem>

namespace siphon::demo {

namespace fs = std::filesystem;

namespace {

constexpr const char* kAuthor = "siphon-demo";

// Tags what an investigator would tag first: the riskiest flagged account, a time range around its
// onset, and the riskiest flagged cluster (the coordinated network).
Result<std::vector<std::string>> tagHighlights(store::Database& db) {
    std::vector<std::string> tagged;
    auto top = db.prepare("SELECT entity, coalesce(onset_us, first_seen_us), last_seen_us FROM entity_score"
                          " WHERE level = 0 AND flagged = 1 AND cluster_id IS NULL ORDER BY score DESC, entity LIMIT 1");
    if (!top) return top.error();
    if (top->step() == store::StepResult::Row) {
        evidence::TagTarget t;
        t.kind = evidence::TargetKind::Entity;
        t.level = EntityLevel::Account;
        t.entity = top->columnText(0);
        const int64_t from = top->columnInt(1), to = top->columnInt(2);
        auto a = evidence::addTag(db, t, "suspected", "Highest-scoring single account in the demo traffic.", kAuthor);
        if (!a) return a.error();
        tagged.push_back(evidence::describeTarget(t));
        evidence::TagTarget r = t;
        r.kind = evidence::TargetKind::Range;
        r.fromUs = from;
        r.toUs = std::min<int64_t>(to + 1, from + int64_t{24} * 3600 * 1000000);
        auto b = evidence::addTag(db, r, "exhibit", "First day after the onset of extraction-like behaviour.", kAuthor);
        if (!b) return b.error();
        tagged.push_back(evidence::describeTarget(r));
    }
    auto cl = db.prepare("SELECT id FROM cluster WHERE level = 0 AND flagged = 1 ORDER BY score DESC, id LIMIT 1");
    if (!cl) return cl.error();
    if (cl->step() == store::StepResult::Row) {
        evidence::TagTarget c;
        c.kind = evidence::TargetKind::Cluster;
        c.level = EntityLevel::Account;
        c.clusterId = cl->columnInt(0);
        auto a = evidence::addTag(db, c, "confirmed extraction",
                                  "Coordinated accounts sharing network, client and prompt templates.", kAuthor);
        if (!a) return a.error();
        tagged.push_back(evidence::describeTarget(c));
    }
    return tagged;
}

bool cancelled(const DemoOptions& options) { return options.cancel && options.cancel->load(); }

Error cancelError() { return makeError(ErrorCode::Cancelled, "demo build cancelled"); }

void removeCaseFiles(const std::string& casePath) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(casePath + suffix, ec);
}

Status generateTraffic(const DemoOptions& options) {
    generate::GenerateOptions gen;
    gen.outDir = (fs::path(options.outDir) / "data").string();
    gen.seed = options.seed;
    gen.accounts = options.accounts;
    gen.days = options.days;
    gen.formats = {"generic_csv", "openai_usage"};
    auto generated = generate::generate(gen);
    if (!generated) return generated.error();
    return {};
}

Status importLogs(store::Database& db, const DemoOptions& options, DemoResult& result) {
    ingest::ImportOptions imp;
    imp.author = kAuthor;
    imp.cancel = options.cancel;
    log::PhaseLog phases(log::lcImport, "demo import");
    imp.progress = [&phases](const ingest::ImportProgress& p) {
        phases.progress(log::filePhase(p.fileIndex, p.fileCount, p.path), p.records, 0);
        return true;
    };
    auto imported = ingest::importFiles(db, {result.logsDir}, imp);
    if (!imported) return imported.error();
    if (imported->cancelled) return cancelError();
    for (const auto& f : imported->files) {
        if (f.error) return *f.error;
        result.requests += f.requests;
        result.buckets += f.buckets;
        result.rejects += f.rejects;
    }
    return {};
}

// Every level the demo traffic carries; the summary counts are the account level's.
Status analyseLevels(store::Database& db, const DemoOptions& options, DemoResult& result) {
    for (auto level : {EntityLevel::Account, EntityLevel::Key, EntityLevel::Ip}) {
        analysis::AnalysisOptions an;
        an.level = level;
        an.cancel = options.cancel;
        log::PhaseLog phases(log::lcAnalysis, "demo analyze " + std::string(levelInfo(level).name));
        an.progress = [&phases](const analysis::AnalysisProgress& p) {
            phases.progress(p.phase, p.done, p.total);
            return true;
        };
        auto analysed = analysis::runAnalysis(db, an);
        if (!analysed) return analysed.error();
        if (auto a = evidence::auditAnalysis(db, kAuthor, an, *analysed); !a) return a.error();
        if (level != EntityLevel::Account) continue;
        result.flagged = analysed->flagged;
        result.clusters = analysed->clusters;
    }
    return {};
}

// Import, analysis and tags into partPath; the connection is closed (WAL folded in) on return.
Status fillCase(const std::string& partPath, const DemoOptions& options, DemoResult& result) {
    auto say = [&](const std::string& s) {
        if (options.say) options.say(s);
    };
    auto db = store::openCase(partPath, store::CaseAccess::CreateWrite);
    if (!db) return db.error();
    say("importing " + result.logsDir + " ...");
    if (auto s = importLogs(*db, options, result); !s) return s;
    if (cancelled(options)) return cancelError();
    say("analysing accounts, keys and IPs ...");
    if (auto s = analyseLevels(*db, options, result); !s) return s;
    say("tagging highlights ...");
    auto tagged = tagHighlights(*db);
    if (!tagged) return tagged.error();
    result.taggedTargets = std::move(tagged.value());
    (void)db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return {};
}

} // namespace

Result<DemoResult> buildDemoCase(const DemoOptions& options) {
    std::error_code ec;
    fs::create_directories(options.outDir, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot create demo folder: " + ec.message(), options.outDir);
    DemoResult result;
    result.casePath = (fs::path(options.outDir) / "demo.siphon").string();
    result.logsDir = (fs::path(options.outDir) / "data" / "logs").string();
    const std::string partPath = result.casePath + ".part";
    removeCaseFiles(partPath);

    if (options.say) options.say("generating demo traffic ...");
    if (auto s = generateTraffic(options); !s) return s.error();
    if (cancelled(options)) return cancelError();
    if (auto s = fillCase(partPath, options, result); !s) {
        removeCaseFiles(partPath);
        return s.error();
    }
    removeCaseFiles(result.casePath);
    fs::rename(partPath, result.casePath, ec);
    if (ec) return makeError(ErrorCode::Io, "cannot finish the demo case: " + ec.message(), result.casePath);
    return result;
}

} // namespace siphon::demo
