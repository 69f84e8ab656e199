// tag CASE (--entity ID [--level L] | --request ID | --range ID FROM TO | --cluster ID) --label NAME
//     [--note TEXT] --by NAME
// --range takes one value (the entity); FROM and TO arrive as the 2nd and 3rd positionals.
#include "cli_args.h"
#include "commands.h"
#include "terminal_text.h"

#include "evidence/tags.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>
#include <string>

namespace siphon::cli {

namespace {

std::optional<int64_t> parseId(const std::string& s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

} // namespace

int cmdTag(int argc, char** argv) {
    CommandSpec spec{{"--entity", "--level", "--request", "--range", "--cluster", "--label", "--note", "--by"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    const auto& pos = args->positional();
    const int targets = (args->value("--entity") ? 1 : 0) + (args->value("--request") ? 1 : 0) +
                        (args->value("--range") ? 1 : 0) + (args->value("--cluster") ? 1 : 0);
    if (targets != 1) return usageError("tag needs exactly one of --entity, --request, --range, --cluster");
    const bool range = args->value("--range").has_value();
    if (pos.size() != (range ? 3u : 1u))
        return usageError(range ? "tag --range needs CASE and: --range ID FROM TO" : "tag needs exactly one CASE");
    auto label = args->value("--label");
    auto by = args->value("--by");
    if (!label || label->empty()) return usageError("tag needs --label NAME");
    if (!by || by->empty()) return usageError("tag needs --by NAME (who is tagging)");

    evidence::TagTarget t;
    const std::string levelName = args->valueOr("--level", "account");
    auto level = levelFromName(levelName);
    if (!level) return usageError("unknown level '" + levelName + "' (account, project, key, user, ip)");
    t.level = *level;
    if (auto e = args->value("--entity")) {
        t.kind = evidence::TargetKind::Entity;
        t.entity = *e;
    } else if (auto r = args->value("--request")) {
        t.kind = evidence::TargetKind::Request;
        auto id = parseId(*r);
        if (!id) return usageError("--request takes the numeric request row id (see the requests view)");
        t.requestRowId = *id;
    } else if (auto c = args->value("--cluster")) {
        t.kind = evidence::TargetKind::Cluster;
        auto id = parseId(*c);
        if (!id) return usageError("--cluster takes a numeric cluster id");
        t.clusterId = *id;
    } else {
        t.kind = evidence::TargetKind::Range;
        t.entity = *args->value("--range");
        auto from = timeutil::parseIso8601(pos[1]);
        auto to = timeutil::parseIso8601(pos[2]);
        if (!from || !to) return usageError("--range FROM and TO must be ISO 8601 times, e.g. 2026-01-02T00:00:00Z");
        t.fromUs = from->us;
        t.toUs = to->us;
    }
    auto db = store::openCase(pos[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    auto tag = evidence::addTag(*db, t, *label, args->valueOr("--note", ""), *by);
    if (!tag) {
        if (tag.error().code == ErrorCode::Usage) return usageError(tag.error().describe());
        return fatalError(tag.error().describe());
    }
    std::printf("tag %lld: %s [%s]\n", static_cast<long long>(tag->id),
                terminalSafe(evidence::describeTarget(t)).c_str(), terminalSafe(tag->label.name).c_str());
    return kExitOk;
}

} // namespace siphon::cli
