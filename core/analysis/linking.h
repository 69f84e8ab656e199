#pragma once
// Linking: entities that share source IPs, /24 (IPv4) or /48 (IPv6) blocks, rare user agents,
// prompt templates (skeleton words and exact digit-folded templates), creation time,
// round-robin timing (per-minute request counts that rise and fall together) or interleaving
// (requests that take turns, as from one dispatcher) get weighted edges, one per kind and pair.
// The strengths of a pair's edges add up, so several weak signals (same /24, same hour of
// creation, same uncommon user agent) together link what none links alone (strict turn-taking
// kept over hundreds of requests is the one signal strong enough alone); pairs whose summed
// strength reaches config.linking.linkThreshold are linked. Each key's edges are weighted by its
// specificity here (keySpecificity: rare keys in full, keys shared across the population not at
// all); keys shared by more than maxShare entities are blocked (members chained in index order,
// not all pairs), so a network of thousands links in linear time. Groups are formed only by pairs
// sharing their operator's infrastructure (an address or block used by one client) or two
// corroborating signals (a prompt frame and strict turn-taking); a pair linked by unspecific
// evidence alone joins two lone entities, never two groups, so operators are not chained into
// one network. Pure computation; no database access.
#include "analysis/detector_config.h"
#include "analysis/entity_profile.h"

#include <string>
#include <vector>

namespace siphon::analysis {

struct LinkEdge {
    size_t a = 0, b = 0;     // indexes into the profiles
    std::string kind;        // shared_ip | shared_subnet | shared_user_agent | shared_template | creation_time | round_robin | interleaved
    double strength = 0;
    double specificity = 0;  // how specific to one operator: key rarity x kind (linking.cpp), 0 for timing
    std::string reason;
};

struct LinkCluster {
    std::vector<size_t> members;   // sorted indexes into the profiles
    std::vector<LinkEdge> edges;   // edges between members (the evidence of the link)
    std::string reasons;           // summary in words
    double specificity = 0;        // mean over linked pairs of their most specific shared key, in [0, 1]
};

// IDF-like weight of a key shared by df of n entities: 1 up to rare = max(maxShare, rareShare x n),
// falling log-linearly to 0 at commonFactor x rare.
double keySpecificity(const LinkingConfig& config, size_t df, size_t n);

struct LinkResult {
    std::vector<LinkCluster> clusters;   // only clusters of two or more
};

// ipLevel: entities are IPs themselves, so IP/subnet sharing is not used.
LinkResult linkEntities(const LinkingConfig& config, const std::vector<EntityProfile>& profiles, bool ipLevel);

// "203.0.113.0/24" or "2001:db8:1::/48"; empty when text is not an IP address.
std::string subnetOf(const std::string& ip);

// Pearson correlation of two per-minute series over the minutes where both are active-or-zero
// within their overlap; minutesOut receives the number of minutes compared.
double minuteCorrelation(const std::vector<std::pair<int64_t, uint32_t>>& a,
                         const std::vector<std::pair<int64_t, uint32_t>>& b, int* minutesOut);

// "203.0.113.***" (a masked address) counts as its /24 only.
bool isMaskedIp(const std::string& ip);

// The template skeleton: content words present in at least 60% of an entity's sampled prompts.
std::vector<std::string> templateSkeleton(const EntityProfile& p);

} // namespace siphon::analysis
