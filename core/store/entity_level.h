#pragma once
// The levels at which entities are judged, and the request column behind each.
// Column names come only from this fixed table, never from input.
#include <array>
#include <optional>
#include <string_view>

namespace siphon {

enum class EntityLevel { Account = 0, Project = 1, Key = 2, User = 3, Ip = 4 };
constexpr int kLevelCount = 5;

struct LevelInfo {
    EntityLevel level;
    std::string_view name;     // CLI/UI name: account, project, key, user, ip
    std::string_view column;   // request column
};

constexpr std::array<LevelInfo, kLevelCount> kLevels = {{
    {EntityLevel::Account, "account", "org_id"},
    {EntityLevel::Project, "project", "project_id"},
    {EntityLevel::Key, "key", "api_key_id"},
    {EntityLevel::User, "user", "principal"},
    {EntityLevel::Ip, "ip", "source_ip"},
}};

constexpr const LevelInfo& levelInfo(EntityLevel l) { return kLevels[static_cast<size_t>(l)]; }

inline std::optional<EntityLevel> levelFromName(std::string_view name) {
    for (const auto& l : kLevels)
        if (l.name == name) return l.level;
    return std::nullopt;
}

} // namespace siphon
