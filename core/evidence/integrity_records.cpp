// Sources, skipped paths, analysis runs and labels against the audit chain (tags: integrity_tags.cpp).
#include "evidence/integrity_checks.h"

#include "store/case_info.h"
#include "store/entity_level.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <set>

namespace siphon::evidence::integrity {

namespace {

std::string str(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString().toStdString(); }

// A case value as an audit payload holds it: the payload is JSON, so bytes that are not UTF-8 (a
// file name may hold any) were stored as U+FFFD. Compared in that form, such a name still matches.
std::string asInPayload(const std::string& s) { return QString::fromStdString(s).toStdString(); }

struct BuiltinLabel {
    const char *name, *colour, *description;
};
// As created by the schema (m003_evidence); no command adds or edits labels.
constexpr std::array<BuiltinLabel, 5> kBuiltinLabels = {{
    {"confirmed extraction", "#b71c1c", "Reviewed: the activity is bulk extraction of model outputs."},
    {"suspected", "#ef6c00", "Indicators of extraction; not yet confirmed by review."},
    {"benign — explained", "#2e7d32", "Reviewed: heavy or unusual, but with a legitimate explanation."},
    {"needs review", "#1565c0", "Flagged for a second look by an investigator."},
    {"exhibit", "#6a1b9a", "Selected as an exhibit for the evidence bundle."},
}};

struct Run {
    int64_t id = 0;
    int level = 0;
    std::string configVersion;
};

Result<std::vector<Run>> loadRuns(const store::Database& db) {
    auto st = db.prepare("SELECT id, level, config_version FROM analysis_run ORDER BY id");
    if (!st) return st.error();
    std::vector<Run> out;
    while (st->step() == store::StepResult::Row)
        out.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1)), st->columnText(2)});
    return out;
}

std::string levelName(int level) {
    if (level < 0 || level >= kLevelCount) return "level " + std::to_string(level);
    return std::string(levelInfo(static_cast<EntityLevel>(level)).name);
}

void checkRun(const Run& r, const std::vector<const AuditIndex::Item*>& entries, bool latest, Findings& out) {
    const std::string name = "analysis run " + std::to_string(r.id) + " (" + levelName(r.level) + ")";
    if (entries.empty()) {
        // A superseded run states nothing in a report; the current one must be on the record.
        if (latest) out.problems.push_back(name + " has no analyze audit entry; its scores are in the case unrecorded");
        else out.notes.push_back(name + " has no analyze audit entry (superseded; its scores are no longer used)");
        return;
    }
    const auto& e = *entries.front();
    if (entries.size() > 1 || str(e.payload, "level") != levelName(r.level) ||
        str(e.payload, "config_version") != r.configVersion)
        out.problems.push_back(name + " differs from " + entryName(*e.entry) + " (level or detector configuration)");
}

} // namespace

AuditIndex::AuditIndex(const std::vector<AuditEntry>& chain) {
    for (const AuditEntry& e : chain)
        byAction[e.action].push_back({&e, QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object()});
}

const std::vector<AuditIndex::Item>& AuditIndex::of(const std::string& action) const {
    static const std::vector<Item> kNone;
    auto it = byAction.find(action);
    return it == byAction.end() ? kNone : it->second;
}

std::string entryName(const AuditEntry& e) {
    return "audit entry seq " + std::to_string(e.seq) + " (" + e.action + " by " + e.author + ")";
}

Status checkSources(const store::Database& db, const AuditIndex& audit, Findings& out) {
    auto sources = store::loadSources(db);
    if (!sources) return sources.error();
    std::map<std::string, std::set<std::string>> pathsByHash;
    std::set<std::string> completedHashes;   // an import entry of the hash says it ended complete
    for (const auto& it : audit.of("import")) {
        pathsByHash[str(it.payload, "sha256")].insert(str(it.payload, "path"));
        if (it.payload.value(QStringLiteral("complete")).toBool(false)) completedHashes.insert(str(it.payload, "sha256"));
    }
    size_t bad = 0;
    for (const auto& src : *sources) {
        auto it = pathsByHash.find(src.sha256);
        if (it == pathsByHash.end()) {
            out.problems.push_back("source " + std::to_string(src.id) + " (" + src.path + ", sha256 " +
                                   src.sha256.substr(0, 16) + "…) has no import audit entry");
            ++bad;
        } else if (!it->second.count(asInPayload(src.path))) {
            out.problems.push_back("source " + std::to_string(src.id) + " names path " + src.path +
                                   ", which no import audit entry of its SHA-256 records");
            ++bad;
        } else if (src.complete && !completedHashes.count(src.sha256)) {
            // The report calls a complete source whole: a flag set by hand would hide a partial read.
            out.problems.push_back("source " + std::to_string(src.id) + " (" + src.path +
                                   ") is marked complete, but no import audit entry of its SHA-256 records a "
                                   "complete import");
            ++bad;
        }
    }
    if (bad == 0) out.notes.push_back("sources: " + std::to_string(sources->size()) + " files match their import entries");
    return {};
}

// Paths a folder import did not read, both directions: each skipped_input row has its place in an
// import-skipped entry, and each path an entry lists is still a row (deleting rows would let a
// case say it looked at everything).
Status checkSkippedPaths(const store::Database& db, const AuditIndex& audit, Findings& out) {
    std::multiset<std::pair<std::string, std::string>> recorded;
    for (const auto& it : audit.of("import-skipped"))
        for (const auto& k : it.payload.value(QStringLiteral("skipped")).toArray())
            recorded.emplace(str(k.toObject(), "path"), str(k.toObject(), "reason"));
    auto st = db.prepare("SELECT path, reason FROM skipped_input ORDER BY id");
    if (!st) return st.error();
    const size_t before = out.problems.size();
    size_t rows = 0;
    store::StepResult r;
    while ((r = st->step()) == store::StepResult::Row) {
        ++rows;
        auto it = recorded.find({asInPayload(st->columnText(0)), asInPayload(st->columnText(1))});
        if (it != recorded.end()) recorded.erase(it);
        else out.problems.push_back("skipped path " + st->columnText(0) + " has no import-skipped audit entry");
    }
    if (r == store::StepResult::Error) return db.lastError("skipped paths");
    for (const auto& [path, reason] : recorded)
        out.problems.push_back("the audit log records skipped path " + path + " (" + reason +
                               "), which the case no longer lists");
    if (out.problems.size() == before && rows > 0)
        out.notes.push_back("skipped paths: " + std::to_string(rows) + " match their import-skipped entries");
    return {};
}

Status checkAnalysisRuns(const store::Database& db, const AuditIndex& audit, Findings& out) {
    auto runs = loadRuns(db);
    if (!runs) return runs.error();
    std::map<int64_t, std::vector<const AuditIndex::Item*>> byRun;
    for (const auto& it : audit.of("analyze"))
        byRun[static_cast<int64_t>(it.payload.value(QStringLiteral("run_id")).toDouble(-1))].push_back(&it);
    std::map<int, int64_t> latest;   // level -> newest run id
    std::set<int64_t> ids;
    for (const Run& r : *runs) latest[r.level] = std::max(latest[r.level], r.id), ids.insert(r.id);
    const size_t before = out.problems.size();
    for (const Run& r : *runs) {
        auto it = byRun.find(r.id);
        checkRun(r, it == byRun.end() ? std::vector<const AuditIndex::Item*>{} : it->second, latest[r.level] == r.id, out);
    }
    for (const auto& [id, items] : byRun)
        if (!ids.count(id))
            out.problems.push_back(entryName(*items.front()->entry) + " records analysis run " + std::to_string(id) +
                                   ", which the case does not have");
    if (out.problems.size() == before)
        out.notes.push_back("analysis: " + std::to_string(runs->size()) + " runs checked against their audit entries");
    return {};
}

Status checkLabels(const store::Database& db, Findings& out) {
    auto st = db.prepare("SELECT id, name, colour, description FROM label ORDER BY id");
    if (!st) return st.error();
    while (st->step() == store::StepResult::Row) {
        const std::string name = st->columnText(1), colour = st->columnText(2), description = st->columnText(3);
        bool known = false;
        for (const auto& b : kBuiltinLabels) known |= name == b.name && colour == b.colour && description == b.description;
        if (!known)
            out.problems.push_back("label " + std::to_string(st->columnInt(0)) + " ('" + name +
                                   "') is not one of the built-in labels as the schema made them (edited?)");
    }
    return {};
}

} // namespace siphon::evidence::integrity
