#include "analysis/detector_config.h"

#include "analysis/detector_config_default.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace siphon::analysis {

namespace {

double num(const QJsonObject& o, const char* key, double fallback) {
    const auto v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toDouble() : fallback;
}

FeatureWeight parseWeight(const QJsonObject& o) {
    FeatureWeight w;
    w.weight = num(o, "weight", w.weight);
    w.direction = o.value(QLatin1String("direction")).toString() == QLatin1String("low") ? Direction::Low : Direction::High;
    w.zLow = num(o, "z_low", w.zLow);
    w.zHigh = num(o, "z_high", w.zHigh);
    w.madFloor = num(o, "mad_floor", w.madFloor);
    w.logTransform = o.value(QLatin1String("transform")).toString() == QLatin1String("log");
    w.absMin = num(o, "abs_min", w.absMin);
    w.absMax = num(o, "abs_max", w.absMax);
    w.content = o.value(QLatin1String("group")).toString() == QLatin1String("content");
    const QJsonArray range = o.value(QLatin1String("range")).toArray();
    if (range.size() == 2 && range[0].isDouble() && range[1].isDouble()) {
        w.rangeLow = range[0].toDouble();
        w.rangeHigh = range[1].toDouble();
    }
    return w;
}

void parseAggregateLinking(const QJsonObject& l, LinkingConfig& k) {
    k.sameProject = num(l, "same_project", k.sameProject);
    k.relay = num(l, "relay", k.relay);
    k.relayMinRunHours = static_cast<int>(num(l, "relay_min_run_hours", k.relayMinRunHours));
    k.balanced = num(l, "balanced_volume", k.balanced);
    k.balancedStrong = num(l, "balanced_volume_strong", k.balancedStrong);
    k.balancedMinPerWindow = num(l, "balanced_min_per_window", k.balancedMinPerWindow);
    k.balancedMinWindows = static_cast<int>(num(l, "balanced_min_windows", k.balancedMinWindows));
    k.balancedStrongWindows = static_cast<int>(num(l, "balanced_strong_windows", k.balancedStrongWindows));
    k.balancedMaxDispersion = num(l, "balanced_max_dispersion", k.balancedMaxDispersion);
    k.balancedMinLevel = num(l, "balanced_min_level", k.balancedMinLevel);
}

std::vector<std::string> strings(const QJsonArray& a) {
    std::vector<std::string> out;
    for (const auto& v : a)
        if (v.isString()) out.push_back(v.toString().toLower().toStdString());
    return out;
}

} // namespace

Result<DetectorConfig> parseDetectorConfig(const std::string& json) {
    QJsonParseError perr;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &perr);
    if (doc.isNull() || !doc.isObject())
        return makeError(ErrorCode::Format, "detector config is not a JSON object: " + perr.errorString().toStdString());
    const QJsonObject o = doc.object();
    DetectorConfig c;
    c.json = json;
    c.version = o.value(QLatin1String("version")).toString().toStdString();
    if (c.version.empty()) return makeError(ErrorCode::Format, "detector config has no \"version\"");
    c.flagThreshold = num(o, "flag_threshold", c.flagThreshold);
    c.minRequests = static_cast<int>(num(o, "min_requests", c.minRequests));
    c.fewRequestsFactor = num(o, "few_requests_factor", c.fewRequestsFactor);
    c.balanceWeight = num(o, "balance_weight", c.balanceWeight);
    c.promptSamplePerEntity = static_cast<int>(num(o, "prompt_sample_per_entity", c.promptSamplePerEntity));
    const QJsonObject feats = o.value(QLatin1String("features")).toObject();
    for (auto it = feats.begin(); it != feats.end(); ++it)
        c.features[it.key().toStdString()] = parseWeight(it.value().toObject());
    const QJsonObject damp = o.value(QLatin1String("dampers")).toObject();
    c.shortBurstDays = num(damp, "short_burst_days", c.shortBurstDays);
    c.shortBurstFactor = num(damp, "short_burst_factor", c.shortBurstFactor);
    c.shortBurstShare = num(damp, "short_burst_share", c.shortBurstShare);
    c.shortBurstMaxVolumePercentile = num(damp, "short_burst_max_volume_percentile", c.shortBurstMaxVolumePercentile);
    const QJsonObject phrases = o.value(QLatin1String("reasoning_phrases")).toObject();
    for (auto it = phrases.begin(); it != phrases.end(); ++it)
        for (auto& p : strings(it.value().toArray())) c.reasoningPhrases.push_back(std::move(p));
    c.batchEndpointMarkers = strings(o.value(QLatin1String("batch_endpoint_markers")).toArray());
    const QJsonObject l = o.value(QLatin1String("linking")).toObject();
    LinkingConfig& k = c.linking;
    k.maxShare = static_cast<int>(num(l, "max_share", k.maxShare));
    k.linkThreshold = num(l, "link_threshold", k.linkThreshold);
    k.sharedIp = num(l, "shared_ip", k.sharedIp);
    k.sharedSubnet = num(l, "shared_subnet", k.sharedSubnet);
    k.sharedUserAgent = num(l, "shared_user_agent", k.sharedUserAgent);
    k.commonUserAgentShare = num(l, "common_user_agent_share", k.commonUserAgentShare);
    k.sharedTemplate = num(l, "shared_template", k.sharedTemplate);
    k.templateMinShare = num(l, "template_min_share", k.templateMinShare);
    k.templateSimilarity = num(l, "template_similarity", k.templateSimilarity);
    k.creationWindowHours = num(l, "creation_window_hours", k.creationWindowHours);
    k.creationTime = num(l, "creation_time", k.creationTime);
    k.roundRobin = num(l, "round_robin", k.roundRobin);
    k.roundRobinMinCorr = num(l, "round_robin_min_corr", k.roundRobinMinCorr);
    k.roundRobinMinMinutes = static_cast<int>(num(l, "round_robin_min_minutes", k.roundRobinMinMinutes));
    k.creationCloseMinutes = num(l, "creation_close_minutes", k.creationCloseMinutes);
    k.creationClose = num(l, "creation_close", k.creationClose);
    k.interleave = num(l, "interleave", k.interleave);
    k.interleaveMinRequests = static_cast<int>(num(l, "interleave_min_requests", k.interleaveMinRequests));
    k.interleaveMinAlternation = num(l, "interleave_min_alternation", k.interleaveMinAlternation);
    k.interleaveMinExcess = num(l, "interleave_min_excess", k.interleaveMinExcess);
    k.interleaveStartWindowHours = num(l, "interleave_start_window_hours", k.interleaveStartWindowHours);
    k.interleaveStrongRequests = static_cast<int>(num(l, "interleave_strong_requests", k.interleaveStrongRequests));
    k.interleaveStrongAlternation = num(l, "interleave_strong_alternation", k.interleaveStrongAlternation);
    k.interleaveStrong = num(l, "interleave_strong", k.interleaveStrong);
    k.interleaveStrongMinBalance = num(l, "interleave_strong_min_balance", k.interleaveStrongMinBalance);
    k.interleaveMinPhaseLock = num(l, "interleave_min_phase_lock", k.interleaveMinPhaseLock);
    k.clusterLift = num(l, "cluster_lift", k.clusterLift);
    k.rareShare = num(l, "rare_share", k.rareShare);
    k.commonFactor = num(l, "common_factor", k.commonFactor);
    k.strongSpecificity = num(l, "strong_specificity", k.strongSpecificity);
    if (l.value(QLatin1String("split_clusters")).isBool()) k.splitClusters = l.value(QLatin1String("split_clusters")).toBool();
    parseAggregateLinking(l, k);
    const QJsonObject th = o.value(QLatin1String("threshold")).toObject();
    ThresholdConfig& t = c.threshold;
    if (th.contains(QLatin1String("mode"))) t.calibrated = th.value(QLatin1String("mode")).toString() != QLatin1String("fixed");
    t.targetFpr = num(th, "target_fpr", t.targetFpr);
    t.fitLow = num(th, "fit_low_quantile", t.fitLow);
    t.fitHigh = num(th, "fit_high_quantile", t.fitHigh);
    t.minTailScale = num(th, "min_tail_scale", t.minTailScale);
    t.min = num(th, "min", t.min);
    t.max = num(th, "max", t.max);
    t.minPopulation = static_cast<int>(num(th, "min_population", t.minPopulation));
    if (!(t.targetFpr > 0 && t.targetFpr < 1) || !(t.fitLow > 0 && t.fitLow < t.fitHigh && t.fitHigh < 1) || t.min > t.max)
        return makeError(ErrorCode::Format, "detector config: threshold needs 0 < target_fpr < 1, "
                                            "0 < fit_low_quantile < fit_high_quantile < 1 and min <= max");
    const QJsonObject nw = o.value(QLatin1String("networks")).toObject();
    c.networks.minMembers = static_cast<int>(num(nw, "min_members", c.networks.minMembers));
    c.networks.coordinationBoost = num(nw, "coordination_boost", c.networks.coordinationBoost);
    c.networks.minJointShare = num(nw, "min_joint_share", c.networks.minJointShare);
    const QJsonObject on = o.value(QLatin1String("onset")).toObject();
    c.onsetMinHours = static_cast<int>(num(on, "min_hours", c.onsetMinHours));
    c.onsetMinEffect = num(on, "min_effect", c.onsetMinEffect);
    return c;
}

const std::string& defaultDetectorConfigJson() {
    static const std::string json = detail::kDefaultDetectorConfigJson;
    return json;
}

DetectorConfig defaultDetectorConfig() {
    auto c = parseDetectorConfig(defaultDetectorConfigJson());
    // The embedded file is checked by a unit test; a broken build-time file is a programming error.
    return c ? c.value() : DetectorConfig{};
}

} // namespace siphon::analysis
