// siphon-cli timeline: one entity's activity per bucket, from the rollups (or from usage buckets
// at their true width for aggregated-only data). CSV columns: bucket_start,requests,input_tokens,
// output_tokens,model,bucket_width_s (model empty unless --by-model).
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"
#include "saturated_totals.h"

#include "analysis/timeline.h"
#include "evidence/csv_safe.h"
#include "store/case_file.h"
#include "util/time_util.h"

#include <cstdio>

namespace siphon::cli {

int cmdTimeline(int argc, char** argv) {
    CommandSpec spec{{"--entity", "--level", "--bucket", "--format"}, {"--by-model"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("timeline needs exactly one CASE");
    auto entity = args->value("--entity");
    if (!entity || entity->empty()) return usageError("timeline needs --entity ID");
    const auto level = levelFromName(args->valueOr("--level", "account"));
    if (!level) return usageError("--level must be account, project, key, user or ip");
    const std::string bucket = args->valueOr("--bucket", "1h");
    int64_t bucketUs = 0;
    if (bucket == "1m") bucketUs = 60'000'000;
    else if (bucket == "1h") bucketUs = 3'600'000'000LL;
    else if (bucket == "1d") bucketUs = 86'400'000'000LL;
    else return usageError("--bucket must be 1m, 1h or 1d");
    const std::string format = args->valueOr("--format", "csv");
    if (format != "csv" && format != "json") return usageError("--format must be csv or json");

    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto t = analysis::loadTimeline(*db, *level, *entity, bucketUs, args->flag("--by-model"));
    if (!t) return fatalError(t.error().describe());
    if (t->rows.empty()) return fatalError("no activity for " + std::string(levelInfo(*level).name) + " '" + *entity + "'");
    size_t saturated = 0;
    for (const auto& r : t->rows) saturated += countSaturated({r.requests.value_or(0), r.inputTokens, r.outputTokens});
    warnSaturated(saturated);

    if (format == "json") {
        QJsonObject o;
        o[QStringLiteral("entity_id")] = qs(t->entity);
        o[QStringLiteral("level")] = qs(std::string(levelInfo(*level).name));
        o[QStringLiteral("granularity")] = qs(t->granularity);
        o[QStringLiteral("onset")] = t->onsetUs ? QJsonValue(qs(timeutil::formatIso8601(*t->onsetUs))) : QJsonValue();
        QJsonArray rows;
        for (const auto& r : t->rows) {
            QJsonObject b;
            b[QStringLiteral("bucket_start")] = qs(timeutil::formatIso8601(r.startUs));
            b[QStringLiteral("bucket_width_s")] = static_cast<double>(r.widthUs / 1'000'000);
            if (!r.model.empty()) b[QStringLiteral("model")] = qs(r.model);
            b[QStringLiteral("requests")] = r.requests ? QJsonValue(static_cast<double>(*r.requests)) : QJsonValue();
            b[QStringLiteral("input_tokens")] = static_cast<double>(r.inputTokens);
            b[QStringLiteral("output_tokens")] = static_cast<double>(r.outputTokens);
            rows.append(b);
        }
        o[QStringLiteral("buckets")] = rows;
        printJson(o);
        return kExitOk;
    }
    std::string out =
        evidence::csvLine({"bucket_start", "requests", "input_tokens", "output_tokens", "model", "bucket_width_s"});
    for (const auto& r : t->rows)
        out += evidence::csvLine({timeutil::formatIso8601(r.startUs), r.requests ? evidence::csvNumber(*r.requests) : "",
                                  evidence::csvNumber(r.inputTokens), evidence::csvNumber(r.outputTokens),
                                  evidence::csvCell(r.model), evidence::csvNumber(r.widthUs / 1'000'000)});
    writeTableText(out);   // model names come from the logs: escaped on a terminal, exact in a pipe
    return kExitOk;
}

} // namespace siphon::cli
