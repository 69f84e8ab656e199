// bulk-tag CASE --entity ID [--level L] [--from ISO8601] [--to ISO8601] [--search WORDS]
//          --label NAME [--note TEXT] --by NAME [--json]
// Tags every request of the entity in [from, to) whose prompt matches the search, as one audited
// "bulk-tag" action listing every request it covered (evidence/bulk_tag.h). Nothing matched: exit 2.
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"

#include "evidence/bulk_tag.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>

namespace siphon::cli {

namespace {

bool parseTime(const std::optional<std::string>& text, std::optional<int64_t>& out) {
    if (!text) return true;
    auto t = timeutil::parseIso8601(*text);
    if (!t) return false;
    out = t->us;
    return true;
}

void printResult(const evidence::BulkTagResult& r, const std::string& label, bool json) {
    if (json) {
        QJsonObject o;
        o[QStringLiteral("audit_seq")] = static_cast<double>(r.auditSeq);
        o[QStringLiteral("label")] = qs(label);
        QJsonArray tags;
        for (const auto& [tagId, requestId] : r.tags)
            tags.append(QJsonArray{static_cast<double>(tagId), static_cast<double>(requestId)});
        o[QStringLiteral("tags")] = tags;
        printJson(o);
        return;
    }
    std::printf("bulk tag [%s]: %zu requests, tags %lld..%lld, one audit entry (seq %lld) lists them\n",
                terminalSafe(label).c_str(), r.tags.size(), static_cast<long long>(r.tags.front().first),
                static_cast<long long>(r.tags.back().first), static_cast<long long>(r.auditSeq));
}

} // namespace

int cmdBulkTag(int argc, char** argv) {
    CommandSpec spec{{"--entity", "--level", "--from", "--to", "--search", "--label", "--note", "--by"}, {"--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("bulk-tag needs exactly one CASE");
    evidence::BulkTagFilter f;
    f.entity = args->valueOr("--entity", "");
    auto level = levelFromName(args->valueOr("--level", "account"));
    if (!level) return usageError("--level must be account, project, key, user or ip");
    f.level = *level;
    if (!parseTime(args->value("--from"), f.fromUs) || !parseTime(args->value("--to"), f.toUs))
        return usageError("--from and --to must be ISO 8601, e.g. 2026-01-05T00:00:00Z");
    f.search = args->valueOr("--search", "");
    const std::string label = args->valueOr("--label", "");
    if (f.entity.empty() || label.empty()) return usageError("bulk-tag needs --entity ID and --label NAME");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    auto r = evidence::bulkTag(*db, f, label, args->valueOr("--note", ""), args->valueOr("--by", ""));
    if (!r)
        return r.error().code == ErrorCode::Usage ? usageError(r.error().describe()) : fatalError(r.error().describe());
    printResult(*r, label, args->flag("--json"));
    return kExitOk;
}

} // namespace siphon::cli
