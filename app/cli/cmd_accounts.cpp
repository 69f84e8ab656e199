// siphon-cli accounts: the ranked entities of a level with their verdict and reasons.
// CSV columns (contract): entity_id,level,score,flagged,cluster_id,requests,input_tokens,
// output_tokens,first_seen,last_seen,onset,reasons — RFC 4180, formula cells neutralised.
// Entities the analysis has not scored (level never analysed, or seen only in files imported
// after the last run) follow the ranking with score and flagged empty, never 0; stderr warns when
// scores are missing or stale, and JSON rows carry "score_status": current, stale or missing.
// On a terminal, control and bidirectional characters are shown, not sent; CSV to a file or pipe
// keeps the data exact.
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"
#include "saturated_totals.h"
#include "terminal_text.h"

#include "evidence/csv_safe.h"
#include "query/entity_query.h"
#include "query/score_status.h"
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

struct Listed {
    query::EntityRow row;
    query::ScoreState state;   // Missing: not scored by the analysis
};

void warnAboutScores(const query::ScoreStatus& s, const std::string& levelName) {
    if (s.state == query::ScoreState::Missing)
        std::fprintf(stderr, "warning: the %s level was never analysed: scores are missing (run `siphon-cli analyze CASE "
                             "--level %s`)\n", levelName.c_str(), levelName.c_str());
    else if (s.state == query::ScoreState::Stale)
        std::fprintf(stderr, "warning: %lld source file(s) imported after the last %s analysis: scores are stale and new "
                             "entities unscored (run `siphon-cli analyze CASE --level %s`)\n",
                     static_cast<long long>(s.sourcesSinceRun), levelName.c_str(), levelName.c_str());
}

// The ranking (scored rows, best first), then the unscored entities.
Result<std::vector<Listed>> loadListing(const store::Database& db, EntityLevel level, const query::ScoreStatus& status,
                                        bool flaggedOnly) {
    std::vector<Listed> out;
    if (status.state != query::ScoreState::Missing) {
        query::EntityIndexRequest req;
        req.level = level;
        req.sort = query::EntitySort::Score;
        req.descending = true;
        req.flaggedOnly = flaggedOnly;
        auto ids = query::loadEntityIndex(db, req);
        if (!ids) return ids.error();
        auto rows = query::loadEntityRows(db, level, *ids);
        if (!rows) return rows.error();
        for (auto& r : *rows) out.push_back({std::move(r), status.state});
    }
    if (flaggedOnly) return out;   // an unscored entity has no verdict to filter on
    auto unscored = query::loadUnscoredEntityRows(db, level);
    if (!unscored) return unscored.error();
    for (auto& r : *unscored) out.push_back({std::move(r), query::ScoreState::Missing});
    return out;
}

QJsonObject rowJson(const Listed& l, const std::string& levelName) {
    const auto& r = l.row;
    const bool scored = l.state != query::ScoreState::Missing;
    QJsonObject o;
    o[QStringLiteral("entity_id")] = qs(r.entity);
    o[QStringLiteral("level")] = qs(levelName);
    o[QStringLiteral("score")] = scored ? QJsonValue(r.score) : QJsonValue();
    o[QStringLiteral("flagged")] = scored ? QJsonValue(r.flagged ? 1 : 0) : QJsonValue();
    o[QStringLiteral("score_status")] = QString::fromLatin1(query::scoreStateName(l.state));
    o[QStringLiteral("cluster_id")] = r.clusterId ? QJsonValue(static_cast<double>(*r.clusterId)) : QJsonValue();
    o[QStringLiteral("requests")] = static_cast<double>(r.requests);
    o[QStringLiteral("input_tokens")] = static_cast<double>(r.inputTokens);
    o[QStringLiteral("output_tokens")] = static_cast<double>(r.outputTokens);
    o[QStringLiteral("first_seen")] = r.firstSeenUs ? QJsonValue(qs(iso(r.firstSeenUs))) : QJsonValue();
    o[QStringLiteral("last_seen")] = r.lastSeenUs ? QJsonValue(qs(iso(r.lastSeenUs))) : QJsonValue();
    o[QStringLiteral("onset")] = r.onsetUs ? QJsonValue(qs(iso(r.onsetUs))) : QJsonValue();
    o[QStringLiteral("reasons")] = qs(r.reasons);
    return o;
}

std::string rowCsv(const Listed& l, const std::string& levelName) {
    const auto& r = l.row;
    const bool scored = l.state != query::ScoreState::Missing;
    return evidence::csvLine({evidence::csvCell(r.entity), levelName, scored ? scoreText(r.score) : std::string(),
                              scored ? (r.flagged ? "1" : "0") : std::string(),
                              r.clusterId ? evidence::csvNumber(*r.clusterId) : std::string(),
                              evidence::csvNumber(r.requests), evidence::csvNumber(r.inputTokens),
                              evidence::csvNumber(r.outputTokens), iso(r.firstSeenUs), iso(r.lastSeenUs), iso(r.onsetUs),
                              evidence::csvCell(r.reasons)});
}

void printCsv(const std::vector<Listed>& rows, const std::string& levelName) {
    std::string out = evidence::csvLine({"entity_id", "level", "score", "flagged", "cluster_id", "requests", "input_tokens",
                                         "output_tokens", "first_seen", "last_seen", "onset", "reasons"});
    for (const auto& l : rows) {
        out += rowCsv(l, levelName);
        if (out.size() > (1u << 20)) {
            writeTableText(out);
            out.clear();
        }
    }
    writeTableText(out);
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
    auto status = query::loadScoreStatus(*db, *level);
    if (!status) return fatalError(status.error().describe());
    const std::string levelName(levelInfo(*level).name);
    warnAboutScores(*status, levelName);
    auto rows = loadListing(*db, *level, *status, args->flag("--flagged"));
    if (!rows) return fatalError(rows.error().describe());
    if (top >= 0 && static_cast<size_t>(top) < rows->size()) rows->resize(static_cast<size_t>(top));
    size_t saturated = 0;
    for (const auto& l : *rows) saturated += countSaturated({l.row.requests, l.row.inputTokens, l.row.outputTokens});
    warnSaturated(saturated);

    if (format == "json") {
        QJsonArray arr;
        for (const auto& l : *rows) arr.append(rowJson(l, levelName));
        printJson(arr);
        return kExitOk;
    }
    printCsv(*rows, levelName);
    return kExitOk;
}

} // namespace siphon::cli
