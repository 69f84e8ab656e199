#pragma once
// The linked-accounts graph of a cluster: its members with their scores and volumes, and the
// edges with the reason each pair is linked. Thread: any, with its own Database. Errors: Database.
#include "store/database.h"
#include "store/entity_level.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siphon::query {

struct ClusterInfo {
    int64_t id = 0;
    EntityLevel level = EntityLevel::Account;
    double score = 0;
    bool flagged = false;
    int64_t size = 0, requests = 0, inputTokens = 0, outputTokens = 0;
    std::string reasons;
};

struct GraphNode {
    std::string entity;
    double score = 0;
    bool flagged = false;
    int64_t requests = 0, outputTokens = 0;
};

struct GraphEdge {
    std::string a, b, kind, reason;
    double strength = 0;
};

struct ClusterGraph {
    ClusterInfo info;
    std::vector<GraphNode> nodes;   // largest volume first
    std::vector<GraphEdge> edges;
};

// nullopt when the cluster does not exist.
Result<std::optional<ClusterGraph>> loadClusterGraph(const store::Database& db, int64_t clusterId);

// Members of a cluster, highest score first.
Result<std::vector<std::string>> loadClusterMembers(const store::Database& db, int64_t clusterId);

// The cluster an entity belongs to, if any.
Result<std::optional<int64_t>> clusterOf(const store::Database& db, EntityLevel level, const std::string& entity);

} // namespace siphon::query
