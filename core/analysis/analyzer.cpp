#include "analysis/analyzer.h"

#include "analysis/entity_profile.h"
#include "analysis/extract_population.h"
#include "analysis/features/features.h"
#include "analysis/calibration.h"
#include "analysis/linking.h"
#include "analysis/network_decision.h"
#include "analysis/onset.h"
#include "analysis/profile_accumulator.h"
#include "analysis/result_writer.h"
#include "analysis/scorer.h"

#include "util/time_util.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace siphon::analysis {

namespace {

int64_t nowUs() { return QDateTime::currentMSecsSinceEpoch() * 1000; }

// usage_bucket column for a level (buckets have no IP level; their user column is user_id).
const char* bucketColumn(EntityLevel level) {
    switch (level) {
    case EntityLevel::Account: return "org_id";
    case EntityLevel::Project: return "project_id";
    case EntityLevel::Key: return "api_key_id";
    case EntityLevel::User: return "user_id";
    case EntityLevel::Ip: return nullptr;
    }
    return nullptr;
}

struct Scan {
    const AnalysisOptions& opt;
    int64_t rows = 0;
    bool cancelled() const { return opt.cancel && opt.cancel->load(); }
    bool report(const char* phase, int64_t done, int64_t total) const {
        if (cancelled()) return false;
        return !opt.progress || opt.progress({phase, done, total});
    }
};

std::optional<int64_t> optInt(const store::Statement& st, int col) { return st.columnOptInt(col); }

// The request columns every scan reads, after the entity column; kRequestColumns matches readRow.
const char* const kRequestColumns =
    " r.ts_start_us, r.ts_precision_us, r.input_tokens, r.output_tokens, r.cached_read_tokens,"
    " r.status_code, r.endpoint, r.source_ip, r.user_agent, r.prompt_hash, r.prompt_text,"
    " r.request_bytes, r.response_bytes"
    " FROM request r";

// Views into the statement: valid until its next step.
RequestRow readRow(const store::Statement& st) {
    RequestRow row;
    row.tsUs = st.columnInt(1);
    row.precisionUs = st.columnInt(2);
    row.inputTokens = optInt(st, 3);
    row.outputTokens = optInt(st, 4);
    row.cachedReadTokens = optInt(st, 5);
    row.statusCode = optInt(st, 6);
    row.endpoint = st.columnView(7);
    row.sourceIp = st.columnView(8);
    row.userAgent = st.columnView(9);
    row.promptHash = optInt(st, 10);
    if (!st.columnIsNull(11)) row.prompt = st.columnView(11);
    row.requestBytes = optInt(st, 12);
    row.responseBytes = optInt(st, 13);
    return row;
}

// The profile of one entity's traffic in [fromUs, toUs) (before or after its onset). Its own
// start counts as the data's start, so a later segment is not mistaken for a new account.
Result<EntityProfile> segmentProfile(store::Database& db, const DetectorConfig& cfg, const std::string& col,
                                     const EntityProfile& whole, int64_t fromUs, int64_t toUs) {
    auto st = db.prepare(std::string("SELECT r.") + col + "," + kRequestColumns + " WHERE r." + col +
                         " = ?1 AND r.ts_start_us >= ?2 AND r.ts_start_us < ?3 ORDER BY r.ts_start_us");
    if (!st) return st.error();
    st->bind(1, whole.entity);
    st->bind(2, fromUs);
    st->bind(3, toUs);
    ProfileAccumulator acc(cfg, whole.entity, std::max(whole.datasetStartUs, fromUs), whole.requests);
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) acc.add(readRow(*st));
    if (r == store::StepResult::Error) return db.lastError("scanning an onset segment");
    EntityProfile p = acc.finish();
    p.datasetEndUs = whole.datasetEndUs;
    return p;
}

// Bounded memory: the case connection maps up to 4 GB of the file, and every mapped page the scan
// touches counts in the process's resident set (a 3M-request case reached 1.9 GB). The analysis
// reads each page once, so it maps at most kAnalysisMmapBytes and restores the setting after.
class MmapLimit {
public:
    static constexpr int64_t kAnalysisMmapBytes = 64LL << 20;
    explicit MmapLimit(store::Database& db) : db_(db) {
        auto v = db_.queryInt("PRAGMA mmap_size", -1);
        previous_ = v ? *v : -1;
        if (previous_ > kAnalysisMmapBytes) (void)db_.exec("PRAGMA mmap_size=" + std::to_string(kAnalysisMmapBytes));
    }
    ~MmapLimit() {
        if (previous_ > kAnalysisMmapBytes) (void)db_.exec("PRAGMA mmap_size=" + std::to_string(previous_));
    }
    MmapLimit(const MmapLimit&) = delete;
    MmapLimit& operator=(const MmapLimit&) = delete;

private:
    store::Database& db_;
    int64_t previous_ = -1;
};

// The case's flag threshold, calibrated on the scores at the fixed threshold (the score itself
// does not depend on the threshold; only the verdict and the reasons' wording do).
FlagThreshold caseThreshold(const DetectorConfig& cfg, const PopulationBaseline& baseline,
                            const std::vector<EntityProfile>& profiles,
                            const std::vector<std::vector<FeatureValue>>& features) {
    std::vector<double> raw;
    raw.reserve(profiles.size());
    for (size_t i = 0; i < profiles.size(); ++i) raw.push_back(scoreEntity(cfg, baseline, profiles[i], features[i]).score);
    return calibrateThreshold(cfg, raw);
}

std::string thresholdLabel(const FlagThreshold& t) {
    if (!t.calibrated) return "fixed threshold";
    char buf[64];
    std::snprintf(buf, sizeof buf, "calibrated at %.1f%% benign FPR", t.targetFpr * 100);
    return buf;
}

// Clusters scored on their joint behaviour and decided as networks; a flagged network's members
// carry its verdict (network_decision.h).
std::vector<ClusterOutput> judgeClusters(const DetectorConfig& decided, const FlagThreshold& threshold,
                                         const PopulationBaseline& baseline, const std::vector<EntityProfile>& profiles,
                                         LinkResult links, std::vector<ScoreResult>& scores, std::vector<int>& clusterOf) {
    std::vector<ClusterOutput> clusters;
    for (auto& lc : links.clusters) {
        std::vector<const EntityProfile*> parts;
        for (size_t m : lc.members) parts.push_back(&profiles[m]);
        EntityProfile merged = mergeProfiles(parts, "cluster");
        ClusterOutput co;
        co.score = scoreEntity(decided, baseline, merged, computeFeatures(merged));
        const NetworkVerdict verdict = judgeNetwork(decided, threshold, lc, co.score);
        if (verdict.score != co.score.score || verdict.flagged != co.score.flagged) {
            co.score.reasons.erase(std::remove_if(co.score.reasons.begin(), co.score.reasons.end(),
                                                  [](const std::string& r) { return r.rfind("but ", 0) == 0; }),
                                   co.score.reasons.end());
            co.score.score = verdict.score;
            co.score.flagged = verdict.flagged;
        }
        co.score.reasons.insert(co.score.reasons.begin(), verdict.sentence);
        for (size_t m : lc.members) {
            clusterOf[m] = static_cast<int>(clusters.size());
            applyNetworkVerdict(scores[m], verdict, lc.reasons);
        }
        co.link = std::move(lc);
        co.requests = merged.requests;
        co.inputTokens = merged.inputTokens;
        co.outputTokens = merged.outputTokens;
        clusters.push_back(std::move(co));
    }
    return clusters;
}

Error cancelledError() { return makeError(ErrorCode::Cancelled, "analysis cancelled"); }

// One analysis in progress: its options, the level's request column and the data's time span.
struct Run {
    store::Database& db;
    const AnalysisOptions& opt;
    const DetectorConfig& cfg;
    std::string col;   // from the fixed kLevels table, never from input
    Scan scan;
    int64_t datasetStart = INT64_MAX;
    int64_t datasetEnd = 0;
    std::optional<warehouse::StoredExtract> extract;   // set when the extract covers more entities than the records
};

// Every entity's profile, features and onset, in scan order.
struct Population {
    std::vector<EntityProfile> profiles;
    std::vector<std::vector<FeatureValue>> features;
    std::vector<std::optional<Onset>> onsets;
    size_t firstFromExtract = SIZE_MAX;   // entities from here on were read from the warehouse extract

    void add(const Run& run, ProfileAccumulator& acc, bool wantHours) {
        std::vector<HourPoint> hours;
        EntityProfile p = acc.finish(wantHours ? &hours : nullptr);
        p.datasetEndUs = run.datasetEnd;
        onsets.push_back(wantHours ? detectOnset(run.cfg, hours) : std::nullopt);
        features.push_back(computeFeatures(p));
        compactProfile(p);
        profiles.push_back(std::move(p));
    }

    void addFromExtract(ExtractEntity e) {
        firstFromExtract = std::min(firstFromExtract, profiles.size());
        onsets.emplace_back(std::nullopt);   // no hourly series in an extract
        features.push_back(std::move(e.features));
        profiles.push_back(std::move(e.profile));
    }
};

Status prepareIndex(Run& run) {
    if (!run.scan.report("indexing", 0, 0)) return cancelledError();
    return run.db.exec("CREATE INDEX IF NOT EXISTS request_" + run.col + "_ts ON request(" + run.col + ", ts_start_us)");
}

// The data's first and last timestamps over requests and buckets.
Status readDatasetSpan(Run& run) {
    auto a = run.db.queryInt("SELECT coalesce(min(ts_start_us), 9223372036854775807) FROM request", INT64_MAX);
    if (!a) return a.error();
    auto b = run.db.queryInt("SELECT coalesce(min(bucket_start_us), 9223372036854775807) FROM usage_bucket", INT64_MAX);
    if (!b) return b.error();
    run.datasetStart = std::min(*a, *b);
    auto c = run.db.queryInt("SELECT coalesce(max(ts_start_us), 0) FROM request", 0);
    if (!c) return c.error();
    auto d = run.db.queryInt("SELECT coalesce(max(bucket_end_us) - 1, 0) FROM usage_bucket", 0);
    if (!d) return d.error();
    run.datasetEnd = std::max(*c, *d);
    return {};
}

// Per-entity request counts from the rollups (they set each entity's topic-sample stride).
struct Expected {
    std::unordered_map<std::string, int64_t> requests;
    int64_t total = 0;
};
Result<Expected> readExpected(Run& run) {
    Expected out;
    auto st = run.db.prepare("SELECT name, requests FROM entity WHERE level = ?1 AND requests > 0");
    if (!st) return st.error();
    st->bind(1, static_cast<int>(run.opt.level));
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        out.requests[st->columnText(0)] = st->columnInt(1);
        out.total += st->columnInt(1);
    }
    if (r == store::StepResult::Error) return run.db.lastError("rollups");
    return out;
}

// One pass over the request rows in (entity, time) order.
Status scanRequests(Run& run, const Expected& expected, Population& pop, AnalysisSummary& summary) {
    auto st = run.db.prepare("SELECT r." + run.col + "," + kRequestColumns + " WHERE r." + run.col +
                             " IS NOT NULL ORDER BY r." + run.col + ", r.ts_start_us");
    if (!st) return st.error();
    std::optional<ProfileAccumulator> acc;
    std::string current;
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        std::string_view entity = st->columnView(0);
        if (!acc || entity != current) {
            if (acc) pop.add(run, *acc, true);
            current.assign(entity);
            auto e = expected.requests.find(current);
            acc.emplace(run.cfg, current, run.datasetStart, e == expected.requests.end() ? 0 : e->second);
        }
        acc->add(readRow(*st));
        if (++summary.requests % 20000 == 0 && !run.scan.report("scanning requests", summary.requests, expected.total))
            return cancelledError();
    }
    if (r == store::StepResult::Error) return run.db.lastError("scanning requests");
    if (acc) pop.add(run, *acc, true);
    return {};
}

BucketRow readBucket(const store::Statement& st) {
    BucketRow row;
    row.startUs = st.columnInt(1);
    row.endUs = st.columnInt(2);
    row.numRequests = optInt(st, 3);
    row.inputTokens = st.columnOptInt(4).value_or(0);
    row.outputTokens = st.columnOptInt(5).value_or(0);
    row.cachedReadTokens = optInt(st, 6);
    if (!st.columnIsNull(7)) row.batch = st.columnInt(7) != 0;
    row.owner = st.columnView(8);
    return row;
}

// Usage buckets of the entities that have no request rows (per-request data wins over its
// aggregate). At the key level each bucket also names its project (the key's owner).
Status scanBuckets(Run& run, Population& pop, AnalysisSummary& summary) {
    const char* bcol = bucketColumn(run.opt.level);
    if (!bcol) return {};
    std::unordered_set<std::string> seen;
    for (const auto& p : pop.profiles) seen.insert(p.entity);
    const std::string b(bcol);
    const std::string owner = run.opt.level == EntityLevel::Key ? "project_id" : "NULL";
    auto st = run.db.prepare("SELECT " + b + ", bucket_start_us, bucket_end_us, num_requests, input_tokens, output_tokens,"
                             " cached_read_tokens, batch, " + owner + " FROM usage_bucket WHERE " + b +
                             " IS NOT NULL AND is_empty = 0 ORDER BY " + b + ", bucket_start_us");
    if (!st) return st.error();
    std::optional<ProfileAccumulator> acc;
    std::string current;
    bool skip = false;
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        std::string_view entity = st->columnView(0);
        if (!acc || entity != current) {
            if (acc && !skip) pop.add(run, *acc, false);
            current.assign(entity);
            skip = seen.count(current) > 0;
            acc.emplace(run.cfg, current, run.datasetStart, 0);
        }
        if (skip) continue;
        acc->addBucket(readBucket(*st));
        if (++summary.buckets % 20000 == 0 && !run.scan.report("scanning buckets", summary.buckets, 0)) return cancelledError();
    }
    if (r == store::StepResult::Error) return run.db.lastError("scanning buckets");
    if (acc && !skip) pop.add(run, *acc, false);
    return {};
}

// The case's threshold and every entity's score with it.
struct Verdicts {
    FlagThreshold threshold;
    DetectorConfig decided;
    std::vector<ScoreResult> scores;
    std::vector<char> judgedSinceOnset;
};
Verdicts scoreAll(const Run& run, const PopulationBaseline& baseline, const Population& pop) {
    Verdicts v;
    // The threshold is calibrated on this case's own scores, then every entity is judged with it.
    v.threshold = caseThreshold(run.cfg, baseline, pop.profiles, pop.features);
    v.decided = run.cfg;
    v.decided.flagThreshold = v.threshold.value;
    v.decided.thresholdLabel = thresholdLabel(v.threshold);
    v.scores.reserve(pop.profiles.size());
    for (size_t i = 0; i < pop.profiles.size(); ++i)
        v.scores.push_back(scoreEntity(v.decided, baseline, pop.profiles[i], pop.features[i]));
    v.judgedSinceOnset.assign(pop.profiles.size(), 0);
    return v;
}

// An entity that turned is judged on what it did since: its earlier, benign months must not
// dilute the new behaviour. Only for onsets after the entity's first hour, with at least a day
// of the new behaviour to judge (a few hours of anything look like a burst), not already flagged.
Status judgeSinceOnsets(Run& run, const PopulationBaseline& baseline, const Population& pop, Verdicts& v) {
    constexpr int64_t kHourUs = 3'600'000'000LL;
    for (size_t i = 0; i < pop.profiles.size(); ++i) {
        const auto& onset = pop.onsets[i];
        if (!onset || v.scores[i].flagged || onset->us <= pop.profiles[i].firstUs + kHourUs ||
            onset->us > run.datasetEnd - 24 * kHourUs)
            continue;
        auto seg = segmentProfile(run.db, v.decided, run.col, pop.profiles[i], onset->us, INT64_MAX);
        if (!seg) return seg.error();
        ScoreResult since = scoreEntity(v.decided, baseline, *seg, computeFeatures(*seg));
        if (since.score <= v.scores[i].score) continue;
        since.reasons.insert(since.reasons.begin(),
                             "judged on its traffic since the onset at " + timeutil::formatIso8601(onset->us));
        v.scores[i] = std::move(since);
        v.judgedSinceOnset[i] = 1;
    }
    return {};
}

// A flagged entity's onset: the change-point only if what came before it was not already
// suspicious (a campaign that merely sped up started at its first request).
Result<std::optional<int64_t>> decideOnset(Run& run, const PopulationBaseline& baseline, const Population& pop,
                                           Verdicts& v, size_t i) {
    if (!v.scores[i].flagged) return std::optional<int64_t>{};
    const auto& onset = pop.onsets[i];
    const EntityProfile& p = pop.profiles[i];
    bool suspiciousBefore = false;
    if (onset && !v.judgedSinceOnset[i] && onset->us > p.firstUs) {
        auto before = segmentProfile(run.db, v.decided, run.col, p, p.firstUs, onset->us);
        if (!before) return before.error();
        suspiciousBefore = scoreEntity(v.decided, baseline, *before, computeFeatures(*before)).flagged;
    }
    if (onset && !suspiciousBefore) {
        v.scores[i].reasons.push_back(onset->sentence);
        return std::optional<int64_t>{onset->us};
    }
    if (onset) v.scores[i].reasons.push_back("suspicious from its first request; later " + onset->sentence);
    return std::optional<int64_t>{p.firstUs};   // suspicious from its first request in the data
}

Result<std::vector<EntityOutput>> decideOnsets(Run& run, const PopulationBaseline& baseline, const Population& pop,
                                               Verdicts& v, const std::vector<int>& clusterOf, AnalysisSummary& summary) {
    std::vector<EntityOutput> out(pop.profiles.size());
    for (size_t i = 0; i < pop.profiles.size(); ++i) {
        auto onset = decideOnset(run, baseline, pop, v, i);
        if (!onset) return onset.error();
        out[i] = {&pop.profiles[i], &v.scores[i], clusterOf[i], *onset};
        if (v.scores[i].flagged) ++summary.flagged;
    }
    return out;
}

Result<int64_t> writeRun(Run& run, const FlagThreshold& threshold, const std::vector<EntityOutput>& out,
                         const std::vector<ClusterOutput>& clusters, const AnalysisSummary& summary) {
    if (!run.scan.report("writing", 0, static_cast<int64_t>(out.size()))) return cancelledError();
    RunInfo info;
    info.level = run.opt.level;
    info.startedAtUs = nowUs();
    info.configVersion = run.cfg.version;
    info.configJson = configWithThreshold(run.cfg.json, threshold);
    info.requests = summary.requests;
    return writeResults(run.db, info, out, clusters);
}

// The level's newest warehouse extract, used when it covers more entities than the case's own
// records (warehouse mode: the population is in the extract, the records are the suspects'); the
// data's span is then the extract's.
Status loadExtract(Run& run, const Expected& expected) {
    auto extract = warehouse::latestExtract(run.db, run.opt.level, static_cast<int64_t>(expected.requests.size()));
    if (!extract) return extract.error();
    if (!*extract || (*extract)->table.rows.size() <= expected.requests.size()) return {};
    run.extract = std::move(*extract);
    const auto [start, end] = extractSpan(run.extract->table);
    run.datasetStart = std::min(run.datasetStart, start);
    run.datasetEnd = std::max(run.datasetEnd, end);
    return {};
}

// The extract's entities the records did not describe.
void addExtractEntities(const Run& run, Population& pop) {
    if (!run.extract) return;
    std::unordered_set<std::string> known;
    for (const auto& p : pop.profiles) known.insert(p.entity);
    for (auto& e : extractEntities(*run.extract, known, run.datasetEnd)) pop.addFromExtract(std::move(e));
}

// Reads every entity of the level into profiles (requests first, then buckets, then the extract).
Result<Population> scanPopulation(Run& run, AnalysisSummary& summary) {
    if (Status s = prepareIndex(run); !s) return s.error();
    if (Status s = readDatasetSpan(run); !s) return s.error();
    auto expected = readExpected(run);
    if (!expected) return expected.error();
    if (Status s = loadExtract(run, *expected); !s) return s.error();
    Population pop;
    if (Status s = scanRequests(run, *expected, pop, summary); !s) return s.error();
    if (Status s = scanBuckets(run, pop, summary); !s) return s.error();
    addExtractEntities(run, pop);
    return pop;
}

// Every extract-scored entity says where its features came from, and the summary records the extract.
void noteExtract(const Run& run, const Population& pop, Verdicts& v, AnalysisSummary& summary) {
    if (!run.extract || pop.firstFromExtract >= pop.profiles.size()) return;
    const std::string note = "note: " + extractReason(*run.extract);
    for (size_t i = pop.firstFromExtract; i < pop.profiles.size(); ++i) v.scores[i].reasons.push_back(note);
    summary.extractId = run.extract->id;
    summary.extractEntities = static_cast<int64_t>(pop.profiles.size() - pop.firstFromExtract);
}

} // namespace

Result<AnalysisSummary> runAnalysis(store::Database& db, const AnalysisOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    Run run{db, opt, opt.config, std::string(levelInfo(opt.level).column), Scan{opt}, INT64_MAX, 0, std::nullopt};
    AnalysisSummary summary;
    const MmapLimit mmapLimit(db);
    auto pop = scanPopulation(run, summary);
    if (!pop) return pop.error();

    if (!run.scan.report("scoring", 0, static_cast<int64_t>(pop->profiles.size()))) return cancelledError();
    const PopulationBaseline baseline(run.cfg, pop->profiles, pop->features);
    Verdicts v = scoreAll(run, baseline, *pop);
    summary.threshold = v.threshold;
    if (Status s = judgeSinceOnsets(run, baseline, *pop, v); !s) return s.error();

    if (!run.scan.report("linking", 0, static_cast<int64_t>(pop->profiles.size()))) return cancelledError();
    LinkResult links = linkEntities(run.cfg.linking, pop->profiles, opt.level == EntityLevel::Ip);
    std::vector<int> clusterOf(pop->profiles.size(), -1);
    const std::vector<ClusterOutput> clusters =
        judgeClusters(v.decided, v.threshold, baseline, pop->profiles, std::move(links), v.scores, clusterOf);
    noteExtract(run, *pop, v, summary);
    auto out = decideOnsets(run, baseline, *pop, v, clusterOf, summary);
    if (!out) return out.error();
    for (const auto& c : clusters)
        if (c.score.flagged) ++summary.flaggedClusters;

    auto written = writeRun(run, v.threshold, *out, clusters, summary);
    if (!written) return written.error();
    summary.runId = *written;
    summary.entities = static_cast<int64_t>(pop->profiles.size());
    summary.clusters = static_cast<int64_t>(clusters.size());
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

} // namespace siphon::analysis
