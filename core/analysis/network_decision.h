#pragma once
// Networks decided as networks: a cluster's verdict comes from its members' joint behaviour plus
// the coordination itself (how specific the signals linking them are), and a flagged network's
// verdict is carried by every member, with its own score stated beside the network's so that the
// row's score and its reason say the same. Pure computation.
#include "analysis/calibration.h"
#include "analysis/detector_config.h"
#include "analysis/linking.h"
#include "analysis/scorer.h"

#include <string>

namespace siphon::analysis {

struct NetworkVerdict {
    double joint = 0;          // the merged profile's score
    double coordination = 0;   // added for the coordination evidence
    double score = 0;          // joint + coordination, in [0, 1]
    bool flagged = false;
    std::string sentence;      // "network of 25 entities: score 0.612 >= threshold 0.318 (...)"
};

// joint: the cluster's merged profile scored against the population with the case's threshold.
NetworkVerdict judgeNetwork(const DetectorConfig& config, const FlagThreshold& threshold, const LinkCluster& link,
                            const ScoreResult& joint);

// A flagged network's verdict on one member whose own score is lower: the member takes the
// network's score and verdict; its reasons lead with both numbers and drop its own "but ..."
// mitigations (they argued against a verdict that is no longer its own). Returns false (member
// untouched) when the network is not flagged or the member's own score is already as high.
bool applyNetworkVerdict(ScoreResult& member, const NetworkVerdict& verdict, const std::string& linkReasons);

} // namespace siphon::analysis
