// siphon-cli accounts: the ranked entities of a level with their verdict and reasons.
// CSV columns (contract): entity_id,level,score,flagged,cluster_id,requests,input_tokens,
// output_tokens,first_seen,last_seen,onset,reasons — RFC 4180, formula cells neutralised.
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"

#include "evidence/csv_safe.h"
#include "query/entity_query.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <charconv>
#include <cstdio>

namespace siphon::cli {

namespace {

std::string iso(const std::optional<int64_t>& us) { return us ? timeutil::formatIso8601(*us) : std::string(); }

std::string scoreText(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", s);
    return buf;
}

} // namespace

int cmdAccounts(int argc, char** argv) {
    CommandSpec spec{{"--level", "--format", "--top"}, {"--flagged"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("accounts needs exactly one CASE");
    const auto level = levelFromName(args->valueOr("--level", "account"));
    if (!level) return usageError("--level must be account, project, key, user or ip");
    const std::string format = args->valueOr("--format", "csv");
    if (format != "csv" && format != "json") return usageError("--format must be csv or json");
    long long top = -1;
    if (auto t = args->value("--top")) {
        const auto r = std::from_chars(t->data(), t->data() + t->size(), top);
        if (r.ec != std::errc() || r.ptr != t->data() + t->size() || top < 0) return usageError("--top needs a number");
    }

    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    query::EntityIndexRequest req;
    req.level = *level;
    req.sort = query::EntitySort::Score;
    req.descending = true;
    req.flaggedOnly = args->flag("--flagged");
    auto ids = query::loadEntityIndex(*db, req);
    if (!ids) return fatalError(ids.error().describe());
    if (top >= 0 && static_cast<size_t>(top) < ids->size()) ids->resize(static_cast<size_t>(top));
    auto rows = query::loadEntityRows(*db, *level, *ids);
    if (!rows) return fatalError(rows.error().describe());
    const std::string levelName(levelInfo(*level).name);

    if (format == "json") {
        QJsonArray arr;
        for (const auto& r : *rows) {
            QJsonObject o;
            o[QStringLiteral("entity_id")] = qs(r.entity);
            o[QStringLiteral("level")] = qs(levelName);
            o[QStringLiteral("score")] = r.score;
            o[QStringLiteral("flagged")] = r.flagged ? 1 : 0;
            o[QStringLiteral("cluster_id")] = r.clusterId ? QJsonValue(static_cast<double>(*r.clusterId)) : QJsonValue();
            o[QStringLiteral("requests")] = static_cast<double>(r.requests);
            o[QStringLiteral("input_tokens")] = static_cast<double>(r.inputTokens);
            o[QStringLiteral("output_tokens")] = static_cast<double>(r.outputTokens);
            o[QStringLiteral("first_seen")] = r.firstSeenUs ? QJsonValue(qs(iso(r.firstSeenUs))) : QJsonValue();
            o[QStringLiteral("last_seen")] = r.lastSeenUs ? QJsonValue(qs(iso(r.lastSeenUs))) : QJsonValue();
            o[QStringLiteral("onset")] = r.onsetUs ? QJsonValue(qs(iso(r.onsetUs))) : QJsonValue();
            o[QStringLiteral("reasons")] = qs(r.reasons);
            arr.append(o);
        }
        printJson(arr);
        return kExitOk;
    }
    std::string out = evidence::csvLine({"entity_id", "level", "score", "flagged", "cluster_id", "requests", "input_tokens",
                                         "output_tokens", "first_seen", "last_seen", "onset", "reasons"});
    for (const auto& r : *rows) {
        out += evidence::csvLine({evidence::csvCell(r.entity), levelName, scoreText(r.score), r.flagged ? "1" : "0",
                                  r.clusterId ? evidence::csvNumber(*r.clusterId) : std::string(),
                                  evidence::csvNumber(r.requests), evidence::csvNumber(r.inputTokens),
                                  evidence::csvNumber(r.outputTokens), iso(r.firstSeenUs), iso(r.lastSeenUs),
                                  iso(r.onsetUs), evidence::csvCell(r.reasons)});
        if (out.size() > (1u << 20)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
}

} // namespace siphon::cli
