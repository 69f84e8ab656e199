#include "analysis/analyzer.h"

#include "analysis/entity_profile.h"
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

} // namespace

Result<AnalysisSummary> runAnalysis(store::Database& db, const AnalysisOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    const DetectorConfig& cfg = opt.config;
    const LevelInfo& li = levelInfo(opt.level);
    const std::string col(li.column);   // from the fixed kLevels table, never from input
    Scan scan{opt};
    AnalysisSummary summary;
    const MmapLimit mmapLimit(db);

    if (!scan.report("indexing", 0, 0)) return makeError(ErrorCode::Cancelled, "analysis cancelled");
    if (Status s = db.exec("CREATE INDEX IF NOT EXISTS request_" + col + "_ts ON request(" + col + ", ts_start_us)"); !s)
        return s.error();

    int64_t datasetStart = INT64_MAX;
    {
        auto a = db.queryInt("SELECT coalesce(min(ts_start_us), 9223372036854775807) FROM request", INT64_MAX);
        if (!a) return a.error();
        auto b = db.queryInt("SELECT coalesce(min(bucket_start_us), 9223372036854775807) FROM usage_bucket", INT64_MAX);
        if (!b) return b.error();
        datasetStart = std::min(*a, *b);
    }
    int64_t datasetEnd = 0;
    {
        auto a = db.queryInt("SELECT coalesce(max(ts_start_us), 0) FROM request", 0);
        if (!a) return a.error();
        auto b = db.queryInt("SELECT coalesce(max(bucket_end_us) - 1, 0) FROM usage_bucket", 0);
        if (!b) return b.error();
        datasetEnd = std::max(*a, *b);
    }
    std::unordered_map<std::string, int64_t> expected;
    int64_t totalRequests = 0;
    {
        auto st = db.prepare("SELECT name, requests FROM entity WHERE level = ?1 AND requests > 0");
        if (!st) return st.error();
        st->bind(1, static_cast<int>(opt.level));
        store::StepResult r;
        while ((r = st->step()) == store::StepResult::Row) {
            expected[st->columnText(0)] = st->columnInt(1);
            totalRequests += st->columnInt(1);
        }
        if (r == store::StepResult::Error) return db.lastError("rollups");
    }

    std::vector<EntityProfile> profiles;
    std::vector<std::vector<FeatureValue>> features;
    std::vector<std::optional<Onset>> onsets;
    auto finishEntity = [&](ProfileAccumulator& acc, bool wantHours) {
        std::vector<HourPoint> hours;
        EntityProfile p = acc.finish(wantHours ? &hours : nullptr);
        p.datasetEndUs = datasetEnd;
        onsets.push_back(wantHours ? detectOnset(cfg, hours) : std::nullopt);
        features.push_back(computeFeatures(p));
        compactProfile(p);
        profiles.push_back(std::move(p));
    };

    {
        auto st = db.prepare("SELECT r." + col + "," + kRequestColumns + " WHERE r." + col +
                             " IS NOT NULL ORDER BY r." + col + ", r.ts_start_us");
        if (!st) return st.error();
        std::optional<ProfileAccumulator> acc;
        std::string current;
        store::StepResult r;
        while ((r = st->step()) == store::StepResult::Row) {
            std::string_view entity = st->columnView(0);
            if (!acc || entity != current) {
                if (acc) finishEntity(*acc, true);
                current.assign(entity);
                auto e = expected.find(current);
                acc.emplace(cfg, current, datasetStart, e == expected.end() ? 0 : e->second);
            }
            acc->add(readRow(*st));
            if (++summary.requests % 20000 == 0 && !scan.report("scanning requests", summary.requests, totalRequests))
                return makeError(ErrorCode::Cancelled, "analysis cancelled");
        }
        if (r == store::StepResult::Error) return db.lastError("scanning requests");
        if (acc) finishEntity(*acc, true);
    }

    if (const char* bcol = bucketColumn(opt.level)) {
        std::unordered_set<std::string> seen;
        for (const auto& p : profiles) seen.insert(p.entity);
        const std::string b(bcol);
        auto st = db.prepare("SELECT " + b +
                             ", bucket_start_us, bucket_end_us, num_requests, input_tokens, output_tokens,"
                             " cached_read_tokens, batch FROM usage_bucket WHERE " + b +
                             " IS NOT NULL AND is_empty = 0 ORDER BY " + b + ", bucket_start_us");
        if (!st) return st.error();
        std::optional<ProfileAccumulator> acc;
        std::string current;
        bool skip = false;
        store::StepResult r;
        while ((r = st->step()) == store::StepResult::Row) {
            std::string_view entity = st->columnView(0);
            if (!acc || entity != current) {
                if (acc && !skip) finishEntity(*acc, false);
                current.assign(entity);
                skip = seen.count(current) > 0;   // per-request data wins over its aggregate
                acc.emplace(cfg, current, datasetStart, 0);
            }
            if (skip) continue;
            BucketRow row;
            row.startUs = st->columnInt(1);
            row.endUs = st->columnInt(2);
            row.numRequests = optInt(*st, 3);
            row.inputTokens = st->columnOptInt(4).value_or(0);
            row.outputTokens = st->columnOptInt(5).value_or(0);
            row.cachedReadTokens = optInt(*st, 6);
            if (!st->columnIsNull(7)) row.batch = st->columnInt(7) != 0;
            acc->addBucket(row);
            if (++summary.buckets % 20000 == 0 && !scan.report("scanning buckets", summary.buckets, 0))
                return makeError(ErrorCode::Cancelled, "analysis cancelled");
        }
        if (r == store::StepResult::Error) return db.lastError("scanning buckets");
        if (acc && !skip) finishEntity(*acc, false);
    }

    if (!scan.report("scoring", 0, static_cast<int64_t>(profiles.size())))
        return makeError(ErrorCode::Cancelled, "analysis cancelled");
    const PopulationBaseline baseline(cfg, profiles, features);
    // The threshold is calibrated on this case's own scores, then every entity is judged with it.
    const FlagThreshold threshold = caseThreshold(cfg, baseline, profiles, features);
    DetectorConfig decided = cfg;
    decided.flagThreshold = threshold.value;
    decided.thresholdLabel = thresholdLabel(threshold);
    summary.threshold = threshold;
    std::vector<ScoreResult> scores;
    scores.reserve(profiles.size());
    for (size_t i = 0; i < profiles.size(); ++i) scores.push_back(scoreEntity(decided, baseline, profiles[i], features[i]));
    // An entity that turned is judged on what it did since: its earlier, benign months must not
    // dilute the new behaviour. Only for onsets after the entity's first hour, with at least a day
    // of the new behaviour to judge (a few hours of anything look like a burst), not already flagged.
    constexpr int64_t kHourUs = 3'600'000'000LL;
    std::vector<char> judgedSinceOnset(profiles.size(), 0);
    for (size_t i = 0; i < profiles.size(); ++i) {
        if (!onsets[i] || scores[i].flagged || onsets[i]->us <= profiles[i].firstUs + kHourUs ||
            onsets[i]->us > datasetEnd - 24 * kHourUs)
            continue;
        auto seg = segmentProfile(db, decided, col, profiles[i], onsets[i]->us, INT64_MAX);
        if (!seg) return seg.error();
        ScoreResult since = scoreEntity(decided, baseline, *seg, computeFeatures(*seg));
        if (since.score <= scores[i].score) continue;
        since.reasons.insert(since.reasons.begin(), "judged on its traffic since the onset at " +
                                                        timeutil::formatIso8601(onsets[i]->us));
        scores[i] = std::move(since);
        judgedSinceOnset[i] = 1;
    }

    if (!scan.report("linking", 0, static_cast<int64_t>(profiles.size())))
        return makeError(ErrorCode::Cancelled, "analysis cancelled");
    LinkResult links = linkEntities(cfg.linking, profiles, opt.level == EntityLevel::Ip);
    std::vector<int> clusterOf(profiles.size(), -1);
    std::vector<ClusterOutput> clusters =
        judgeClusters(decided, threshold, baseline, profiles, std::move(links), scores, clusterOf);

    std::vector<EntityOutput> out(profiles.size());
    for (size_t i = 0; i < profiles.size(); ++i) {
        auto& o = out[i];
        o.profile = &profiles[i];
        o.score = &scores[i];
        o.cluster = clusterOf[i];
        if (scores[i].flagged) {
            // A change-point is the onset only if what came before it was not already suspicious
            // (a campaign that merely sped up started at its first request).
            bool suspiciousBefore = false;
            if (onsets[i] && !judgedSinceOnset[i] && onsets[i]->us > profiles[i].firstUs) {
                auto before = segmentProfile(db, decided, col, profiles[i], profiles[i].firstUs, onsets[i]->us);
                if (!before) return before.error();
                suspiciousBefore = scoreEntity(decided, baseline, *before, computeFeatures(*before)).flagged;
            }
            if (onsets[i] && !suspiciousBefore) {
                o.onsetUs = onsets[i]->us;
                scores[i].reasons.push_back(onsets[i]->sentence);
            } else {
                o.onsetUs = profiles[i].firstUs;   // suspicious from its first request in the data
                if (onsets[i]) scores[i].reasons.push_back("suspicious from its first request; later " + onsets[i]->sentence);
            }
        }
        if (scores[i].flagged) ++summary.flagged;
    }
    for (const auto& c : clusters)
        if (c.score.flagged) ++summary.flaggedClusters;

    if (!scan.report("writing", 0, static_cast<int64_t>(profiles.size())))
        return makeError(ErrorCode::Cancelled, "analysis cancelled");
    RunInfo run;
    run.level = opt.level;
    run.startedAtUs = nowUs();
    run.configVersion = cfg.version;
    run.configJson = configWithThreshold(cfg.json, threshold);
    run.requests = summary.requests;
    auto written = writeResults(db, run, out, clusters);
    if (!written) return written.error();
    summary.runId = *written;
    summary.entities = static_cast<int64_t>(profiles.size());
    summary.clusters = static_cast<int64_t>(clusters.size());
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return summary;
}

} // namespace siphon::analysis
