#include "evidence/production/bates_ledger.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <map>

namespace siphon::evidence::production {

std::string batesNumber(const std::string& prefix, int64_t n) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(n));
    return prefix + "-" + digits;
}

bool isBatesPrefix(const std::string& prefix) {
    if (prefix.empty() || prefix.size() > 24) return false;
    return std::all_of(prefix.begin(), prefix.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::vector<BatesRange> productionRanges(const std::vector<AuditEntry>& audit) {
    std::vector<BatesRange> out;
    for (const auto& e : audit) {
        if (e.action != kProductionAction) continue;
        const QJsonObject p = QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
        out.push_back({p.value(QStringLiteral("bates_prefix")).toString().toStdString(),
                       static_cast<int64_t>(p.value(QStringLiteral("bates_first")).toDouble()),
                       static_cast<int64_t>(p.value(QStringLiteral("bates_last")).toDouble()), e.seq});
    }
    return out;
}

int64_t nextBatesNumber(const std::vector<BatesRange>& ranges, const std::string& prefix) {
    int64_t last = 0;
    for (const auto& r : ranges)
        if (r.prefix == prefix) last = std::max(last, r.last);
    return last + 1;
}

std::vector<std::string> batesProblems(const std::vector<BatesRange>& ranges) {
    std::map<std::string, std::vector<BatesRange>> byPrefix;
    for (const auto& r : ranges) byPrefix[r.prefix].push_back(r);
    std::vector<std::string> problems;
    for (auto& [prefix, list] : byPrefix) {
        std::sort(list.begin(), list.end(), [](const BatesRange& a, const BatesRange& b) { return a.first < b.first; });
        int64_t expected = 1;
        for (const auto& r : list) {
            const std::string range = batesNumber(prefix, r.first) + ".." + batesNumber(prefix, r.last) +
                                      " (audit entry seq " + std::to_string(r.auditSeq) + ")";
            if (r.last < r.first) problems.push_back("production " + range + " ends before it starts");
            else if (r.first > expected)
                problems.push_back("gap: " + batesNumber(prefix, expected) + ".." + batesNumber(prefix, r.first - 1) +
                                   " were never produced, before production " + range);
            else if (r.first < expected)
                problems.push_back("overlap: production " + range + " reuses numbers up to " + batesNumber(prefix, expected - 1));
            expected = std::max(expected, r.last + 1);
        }
    }
    return problems;
}

} // namespace siphon::evidence::production
