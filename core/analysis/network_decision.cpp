#include "analysis/network_decision.h"

#include <algorithm>

namespace siphon::analysis {

namespace {

bool isMitigation(const std::string& reason) {
    return reason.rfind("but ", 0) == 0 || reason == "nothing unusual against its peers";
}

} // namespace

NetworkVerdict judgeNetwork(const DetectorConfig& config, const FlagThreshold& threshold, const LinkCluster& link,
                            const ScoreResult& joint) {
    const NetworkConfig& nc = config.networks;
    NetworkVerdict v;
    v.joint = joint.score;
    const bool big = static_cast<int>(link.members.size()) >= nc.minMembers;
    if (big && decisionScore(v.joint) >= decisionScore(nc.minJointShare * threshold.value))
        v.coordination = nc.coordinationBoost * (1.0 - v.joint) * std::clamp(link.specificity, 0.0, 1.0);
    v.score = std::clamp(v.joint + v.coordination, 0.0, 1.0);
    v.flagged = meetsThreshold(v.score, threshold.value);
    v.sentence = "network of " + std::to_string(link.members.size()) + " entities: score " + scoreText(v.score) +
                 (v.flagged ? " >= " : " < ") + "threshold " + scoreText(threshold.value) + " (joint behaviour " +
                 scoreText(v.joint);
    if (v.coordination > 0) v.sentence += " + coordination " + scoreText(v.score - decisionScore(v.joint));
    v.sentence += ")";
    return v;
}

bool applyNetworkVerdict(ScoreResult& member, const NetworkVerdict& verdict, const std::string& linkReasons) {
    if (!verdict.flagged || decisionScore(verdict.score) <= decisionScore(member.score)) return false;
    const double own = member.score;
    member.reasons.erase(std::remove_if(member.reasons.begin(), member.reasons.end(), isMitigation), member.reasons.end());
    member.reasons.insert(member.reasons.begin(), "member of a suspicious " + verdict.sentence + "; its own score " +
                                                      scoreText(own) + "; linked by " + linkReasons);
    member.score = verdict.score;
    member.flagged = true;
    return true;
}

} // namespace siphon::analysis
