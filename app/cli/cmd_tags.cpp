// tags CASE [--format csv|json|text]: every tag, active and removed, with its label and target.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"
#include "json_out.h"

#include "evidence/csv_safe.h"
#include "evidence/tags.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>
#include <string>

namespace siphon::cli {

namespace {

std::string iso(int64_t us) { return timeutil::formatIso8601(us, true); }

QJsonObject tagJson(const evidence::Tag& t) {
    QJsonObject o;
    o[QStringLiteral("id")] = static_cast<double>(t.id);
    o[QStringLiteral("kind")] = qs(std::string(evidence::targetKindName(t.target.kind)));
    o[QStringLiteral("target")] = qs(evidence::describeTarget(t.target));
    if (t.target.kind == evidence::TargetKind::Entity || t.target.kind == evidence::TargetKind::Range) {
        o[QStringLiteral("level")] = qs(std::string(levelInfo(t.target.level).name));
        o[QStringLiteral("entity")] = qs(t.target.entity);
    }
    if (t.target.kind == evidence::TargetKind::Range) {
        o[QStringLiteral("from")] = qs(iso(t.target.fromUs));
        o[QStringLiteral("to")] = qs(iso(t.target.toUs));
    }
    if (t.target.kind == evidence::TargetKind::Request)
        o[QStringLiteral("request_row_id")] = static_cast<double>(t.target.requestRowId);
    if (t.target.kind == evidence::TargetKind::Cluster)
        o[QStringLiteral("cluster_id")] = static_cast<double>(t.target.clusterId);
    o[QStringLiteral("label")] = qs(t.label.name);
    o[QStringLiteral("colour")] = qs(t.label.colour);
    o[QStringLiteral("note")] = qs(t.note);
    o[QStringLiteral("author")] = qs(t.author);
    o[QStringLiteral("created_at")] = qs(iso(t.createdAtUs));
    o[QStringLiteral("active")] = t.active();
    if (!t.active()) {
        o[QStringLiteral("removed_at")] = qs(iso(*t.removedAtUs));
        o[QStringLiteral("removed_by")] = qs(t.removedBy);
        o[QStringLiteral("removed_note")] = qs(t.removedNote);
    }
    QJsonArray notes;
    for (const auto& n : t.notes) {
        QJsonObject no;
        no[QStringLiteral("note")] = qs(n.note);
        no[QStringLiteral("author")] = qs(n.author);
        no[QStringLiteral("created_at")] = qs(iso(n.createdAtUs));
        notes.append(no);
    }
    o[QStringLiteral("notes")] = notes;
    return o;
}

} // namespace

int cmdTags(int argc, char** argv) {
    CommandSpec spec{{"--format"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("tags needs exactly one CASE");
    const std::string format = args->valueOr("--format", "text");
    if (format != "csv" && format != "json" && format != "text") return usageError("--format must be csv, json or text");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto tags = evidence::listTags(*db);
    if (!tags) return fatalError(tags.error().describe());

    if (format == "json") {
        QJsonArray a;
        for (const auto& t : *tags) a.append(tagJson(t));
        printJson(a);
    } else if (format == "csv") {
        using evidence::csvCell;
        std::string out = evidence::csvLine({"id", "kind", "level", "entity", "request_row_id", "cluster_id", "from",
                                             "to", "label", "note", "author", "created_at", "active", "removed_at",
                                             "removed_by"});
        for (const auto& t : *tags) {
            const bool ent = t.target.kind == evidence::TargetKind::Entity || t.target.kind == evidence::TargetKind::Range;
            const bool rng = t.target.kind == evidence::TargetKind::Range;
            out += evidence::csvLine(
                {std::to_string(t.id), std::string(evidence::targetKindName(t.target.kind)),
                 ent ? std::string(levelInfo(t.target.level).name) : "", ent ? csvCell(t.target.entity) : "",
                 t.target.kind == evidence::TargetKind::Request ? std::to_string(t.target.requestRowId) : "",
                 t.target.kind == evidence::TargetKind::Cluster ? std::to_string(t.target.clusterId) : "",
                 rng ? iso(t.target.fromUs) : "", rng ? iso(t.target.toUs) : "", csvCell(t.label.name),
                 csvCell(t.note), csvCell(t.author), iso(t.createdAtUs), t.active() ? "1" : "0",
                 t.active() ? "" : iso(*t.removedAtUs), csvCell(t.removedBy)});
        }
        writeTableText(out);   // entity ids come from the logs: escaped on a terminal, exact in a pipe
    } else {
        for (const auto& t : *tags) {
            std::printf("%4lld  %-8s %-22s %s  by %s %s%s%s\n", static_cast<long long>(t.id),
                        t.active() ? "active" : "REMOVED", terminalSafe(t.label.name).c_str(),
                        terminalSafe(evidence::describeTarget(t.target)).c_str(), terminalSafe(t.author).c_str(),
                        iso(t.createdAtUs).c_str(), t.note.empty() ? "" : "  note: ", terminalSafe(t.note).c_str());
        }
        if (tags->empty()) std::printf("no tags\n");
    }
    return kExitOk;
}

} // namespace siphon::cli
