// siphon-cli warehouse features CASE --engine clickhouse|postgres --url URL --table NAME
//     [--level L] [--mapping MAP.json] [--timeout SECONDS] [--by NAME]
// Runs the per-entity feature SQL on the server and stores the extract in the case with its
// provenance. The URL's password is used to connect and written nowhere (the audit entry, the
// provenance and every message carry the URL without it).
#include "cli_args.h"
#include "cmd_warehouse.h"
#include "terminal_text.h"

#include "store/case_file.h"
#include "warehouse_io/feature_pass.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace siphon::cli {

namespace {

int reportFailure(const Error& e) {
    if (e.code == ErrorCode::Usage) return usageError(e.describe());
    return fatalError(e.describe() + "; the case is unchanged");
}

Result<int> parseTimeout(const std::string& text) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 1 || v > 86400)
        return makeError(ErrorCode::Usage, "--timeout takes whole seconds between 1 and 86400");
    return static_cast<int>(v);
}

Result<warehouse::FeaturePassOptions> passOptions(const Args& args) {
    auto sqlOptions = warehouseSqlOptions(args);
    if (!sqlOptions) return sqlOptions.error();
    if (!warehouse::engineRunnable(sqlOptions->engine) || sqlOptions->engine == warehouse::Engine::Sqlite)
        return makeError(ErrorCode::Usage, "warehouse features runs on clickhouse or postgres; use `warehouse sql` for the others");
    auto url = args.value("--url");
    if (!url || !args.value("--table")) return makeError(ErrorCode::Usage, "warehouse features needs --url URL and --table NAME");
    auto parsed = warehouse::parseWarehouseUrl(sqlOptions->engine, *url);
    if (!parsed) return parsed.error();
    auto timeout = parseTimeout(args.valueOr("--timeout", "600"));
    if (!timeout) return timeout.error();
    const char* user = std::getenv("USER");
    warehouse::FeaturePassOptions o;
    o.sql = std::move(*sqlOptions);
    o.url = std::move(*parsed);
    o.timeoutSeconds = *timeout;
    o.author = args.valueOr("--by", user && *user ? user : "siphon");
    return o;
}

} // namespace

int cmdWarehouseFeatures(int argc, char** argv) {
    CommandSpec spec{{"--engine", "--level", "--mapping", "--table", "--url", "--timeout", "--by"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 3, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("warehouse features needs exactly one CASE");
    auto options = passOptions(*args);
    if (!options) return reportFailure(options.error());
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    // QtNetwork (ClickHouse's HTTP interface) runs an event loop, which needs an application object.
    std::optional<QCoreApplication> app;
    if (!QCoreApplication::instance()) app.emplace(argc, argv);
    auto s = warehouse::runFeaturePass(*db, *options);
    if (!s) return reportFailure(s.error());
    std::printf("extract %lld: %lld entities from %s %s (%s, table %s) in %.1f s\n", static_cast<long long>(s->extractId),
                static_cast<long long>(s->entities), std::string(warehouse::engineName(options->sql.engine)).c_str(),
                terminalSafe(s->serverVersion).c_str(), terminalSafe(options->url.redacted).c_str(),
                options->sql.table.c_str(), s->seconds);
    std::printf("query sha256 %s\nresult sha256 %s\n", s->querySha256.c_str(), s->resultSha256.c_str());
    return kExitOk;
}

} // namespace siphon::cli
